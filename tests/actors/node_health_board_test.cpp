// The board of exit nodes that are down: what sessions and the registry read instead of asking.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "actors/runtime/node_health_board.hpp"

namespace sluice::actors {
namespace {

using namespace std::chrono_literals;
using time_point = node_health_board::time_point;

const time_point t0{std::chrono::hours{1}};

node_health_board board() {
  return node_health_board({{"uk-1", "uk", {}}, {"uk-2", "uk", {"bbc"}}, {"de-1", "de", {}}});
}

TEST(NodeHealthBoard, ANodeIsUsableOnlyInItsOwnCountryAndOnlyIfConfigured) {
  const auto b = board();
  EXPECT_TRUE(b.usable("uk-1", "uk", t0));
  EXPECT_FALSE(b.usable("uk-1", "de", t0));
  EXPECT_FALSE(b.usable("fr-1", "fr", t0)); // Dropped from the config, say, by a restart.
  EXPECT_EQ(b.down_until("fr-1"), time_point{});
}

TEST(NodeHealthBoard, AFailedNodeIsSkippedUntilItsCooldownEnds) {
  auto b = board();
  ASSERT_TRUE(b.mark_down("uk-1", t0 + 30s));
  EXPECT_FALSE(b.usable("uk-1", "uk", t0));
  EXPECT_FALSE(b.usable("uk-1", "uk", t0 + 29s));
  EXPECT_TRUE(b.usable("uk-1", "uk", t0 + 30s));
  EXPECT_TRUE(b.usable("uk-2", "uk", t0)); // Only the failed one.
  EXPECT_EQ(b.down_until("uk-1"), t0 + 30s);
  EXPECT_FALSE(b.mark_down("fr-1", t0 + 30s));
}

TEST(NodeHealthBoard, AnEarlierFailureNeverShortensALaterCooldown) {
  auto b = board();
  b.mark_down("uk-2", t0 + 60s);
  b.mark_down("uk-2", t0 + 30s);
  EXPECT_EQ(b.down_until("uk-2"), t0 + 60s);
  b.mark_down("uk-2", t0 + 90s);
  EXPECT_EQ(b.down_until("uk-2"), t0 + 90s);
}

TEST(NodeHealthBoard, FailuresReportedFromManyThreadsKeepTheLatestCooldown) {
  auto b = board();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&b, t] {
      for (int i = 0; i < 1000; ++i)
        b.mark_down("de-1", t0 + std::chrono::milliseconds{i * 4 + t});
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(b.down_until("de-1"), t0 + 3999ms);
}

} // namespace
} // namespace sluice::actors
