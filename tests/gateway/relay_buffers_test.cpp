// The relay's buffer pool: small by default, large on request within the budget, and a budget
// that comes back when large buffers are given back.
#include "gateway/relay/relay_buffers.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace sluice::gateway {
namespace {

TEST(RelayBuffers, SmallUnlessLargeIsAsked) {
  const auto small = relay_buffer::acquire(false);
  ASSERT_TRUE(small);
  EXPECT_EQ(small.bytes().size(), small_relay_buffer);
  EXPECT_FALSE(small.large());
  const auto large = relay_buffer::acquire(true);
  EXPECT_EQ(large.bytes().size(), large_relay_buffer);
  EXPECT_TRUE(large.large());
}

TEST(RelayBuffers, LargeOnesStopAtTheBudgetAndComeBack) {
  std::vector<relay_buffer> held;
  for (std::size_t i = 0; i < large_buffers_max; ++i) {
    held.push_back(relay_buffer::acquire(true));
    ASSERT_TRUE(held.back().large()) << "buffer " << i;
  }
  const auto over = relay_buffer::acquire(true);
  EXPECT_FALSE(over.large()) << "past the budget a direction relays through a small buffer";
  held.pop_back();
  EXPECT_TRUE(relay_buffer::acquire(true).large());
}

TEST(RelayBuffers, AGivenBackBufferIsReusedWarm) {
  const std::uint8_t* first = nullptr;
  {
    const auto b = relay_buffer::acquire(true);
    first = b.bytes().data();
  }
  const auto again = relay_buffer::acquire(true);
  EXPECT_EQ(again.bytes().data(), first);
}

TEST(RelayBuffers, MovingHandsOverOwnership) {
  auto a = relay_buffer::acquire(false);
  const auto* bytes = a.bytes().data();
  relay_buffer b = std::move(a);
  EXPECT_FALSE(a); // NOLINT(bugprone-use-after-move): the moved-from state is the point.
  EXPECT_EQ(b.bytes().data(), bytes);
  b = relay_buffer{};
  EXPECT_FALSE(b);
}

} // namespace
} // namespace sluice::gateway
