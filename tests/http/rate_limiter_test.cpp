// The REST faces' rate limit: at most N requests in any window per caller, the one beyond told
// how long until a slot frees, callers apart from each other, and memory kept to the callers of
// the last window.
#include <gtest/gtest.h>

#include "http/api/rate_limiter.hpp"

namespace sluice::http {
namespace {

using std::chrono::seconds;
using clock_type = rate_limiter::clock;

TEST(RateLimiter, TheSixtyFirstRequestInAMinuteWaitsUntilTheFirstLeavesTheWindow) {
  rate_limiter limit(60, seconds{60});
  const auto t0 = clock_type::time_point{} + seconds{1000};
  for (int i = 0; i < 60; ++i)
    ASSERT_EQ(limit.admit("key_a", t0 + seconds{i / 2}), seconds{0}) << i;
  // Requests at t0 .. t0+29 s: the first leaves the window at t0+60 s.
  EXPECT_EQ(limit.admit("key_a", t0 + seconds{30}), seconds{30});
  EXPECT_EQ(limit.admit("key_a", t0 + std::chrono::milliseconds{59'500}), seconds{1});
  EXPECT_EQ(limit.admit("key_b", t0 + seconds{30}), seconds{0}); // Another caller.
  EXPECT_EQ(limit.admit("key_a", t0 + seconds{60}), seconds{0});
  EXPECT_EQ(limit.admit("key_a", t0 + seconds{60}), seconds{0}); // The second of t0 left too.
  EXPECT_EQ(limit.admit("key_a", t0 + seconds{60}), seconds{1}); // The third is at t0+1 s.
}

TEST(RateLimiter, ARefusedRequestIsNotCounted) {
  rate_limiter limit(2, seconds{10});
  const auto t0 = clock_type::time_point{} + seconds{50};
  EXPECT_EQ(limit.admit("k", t0), seconds{0});
  EXPECT_EQ(limit.admit("k", t0), seconds{0});
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(limit.admit("k", t0 + seconds{5}), seconds{5});
  EXPECT_EQ(limit.admit("k", t0 + seconds{10}), seconds{0});
}

TEST(RateLimiter, CallersWhoseRequestsLeftTheWindowAreForgotten) {
  rate_limiter limit(5, seconds{60});
  const auto t0 = clock_type::time_point{} + seconds{50};
  for (int i = 0; i < 2000; ++i)
    limit.admit(std::to_string(i) + "_caller", t0);
  const auto later = t0 + seconds{61};
  for (int i = 0; i < 1100; ++i)
    limit.admit("fresh", later);
  EXPECT_LE(limit.callers(), 1000u); // The sweep every 1024 admissions dropped the old ones.
}

} // namespace
} // namespace sluice::http
