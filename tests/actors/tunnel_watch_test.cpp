// The meeting point of close orders and relays: an order reaches a watching relay once, an order
// that comes first waits for the watch, and tunnels that just end leave nothing behind.
#include "actors/runtime/tunnel_watch.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace sluice::actors {
namespace {

struct calls {
  std::vector<std::string> reasons;
  tunnel_watch::on_close record() {
    return [this](const tunnel_closure& c) { reasons.push_back(c.reason); };
  }
};

TEST(TunnelWatch, AnOrderReachesTheWatchingRelayOnce) {
  tunnel_watch watch;
  calls seen;
  watch.watch("tun_a", seen.record());
  watch.order_close("tun_a", "revoked");
  watch.order_close("tun_a", "wallet_empty"); // The relay is already told; this one waits.
  EXPECT_EQ(seen.reasons, std::vector<std::string>{"revoked"});
  watch.forget("tun_a"); // Its final report: the waiting order goes.
  EXPECT_EQ(watch.size(), 0u);
}

TEST(TunnelWatch, AnOrderBeforeTheWatchIsDeliveredWhenItStarts) {
  tunnel_watch watch;
  calls seen;
  watch.order_close("tun_b", "discarded");
  EXPECT_TRUE(seen.reasons.empty());
  watch.watch("tun_b", seen.record());
  EXPECT_EQ(seen.reasons, std::vector<std::string>{"discarded"});
  EXPECT_EQ(watch.size(), 0u);
}

TEST(TunnelWatch, ATunnelThatJustEndsLeavesNothing) {
  tunnel_watch watch;
  calls seen;
  watch.watch("tun_c", seen.record());
  watch.forget("tun_c"); // The account forgets; the relay still watches until it unwatches.
  EXPECT_EQ(watch.size(), 1u);
  watch.unwatch("tun_c");
  EXPECT_EQ(watch.size(), 0u);
  watch.order_close("tun_c", "revoked"); // Too late to matter: forgotten at the final report.
  watch.forget("tun_c");
  EXPECT_TRUE(seen.reasons.empty());
  EXPECT_EQ(watch.size(), 0u);
}

TEST(TunnelWatch, OrdersAndWatchesFromManyThreadsEachDeliverOnce) {
  tunnel_watch watch;
  constexpr int tunnels = 2000;
  std::vector<std::atomic<int>> delivered(tunnels);
  std::thread relays([&] {
    for (int i = 0; i < tunnels; ++i)
      watch.watch("tun_" + std::to_string(i), [&, i](const tunnel_closure&) { ++delivered[i]; });
  });
  std::thread account([&] {
    for (int i = 0; i < tunnels; ++i)
      watch.order_close("tun_" + std::to_string(i), "revoked");
  });
  relays.join();
  account.join();
  for (int i = 0; i < tunnels; ++i)
    EXPECT_EQ(delivered[i].load(), 1) << i;
  EXPECT_EQ(watch.size(), 0u);
}

} // namespace
} // namespace sluice::actors
