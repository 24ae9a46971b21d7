// Final usage reports reach their accounts in batches (report_batcher): each report is still
// answered exactly once, as it would be alone, whatever thread sends it.
#include <thread>

#include "tests/actors/runtime_fixture.hpp"

namespace sluice::actors {
namespace {

using testing_support::begin_call;
using testing_support::call;
using testing_support::outcome;

TEST_F(RuntimeFixture, ConcurrentFinalReportsAreEachAnsweredOnce) {
  const std::vector<std::string> accounts{create("ann@example.com").account_id,
                                          create("bob@example.com").account_id,
                                          create("cyd@example.com").account_id};
  const auto seq_before = log().last_seq();
  constexpr int threads = 4;
  constexpr int per_thread = 150;
  std::vector<std::vector<std::future<outcome<grant_renewal>>>> futures(threads);
  std::vector<std::thread> senders;
  for (int t = 0; t < threads; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        // Tunnels these accounts never opened: a final report has nothing to release.
        const usage_report report{accounts[static_cast<std::size_t>(i) % accounts.size()],
                                  "tun_" + std::to_string(t) + "_" + std::to_string(i),
                                  1,
                                  0,
                                  0,
                                  true};
        futures[static_cast<std::size_t>(t)].push_back(begin_call<grant_renewal>(
          [&](auto h) { port().async_report_usage(report, std::move(h)); }));
      }
    });
  }
  for (auto& s : senders)
    s.join();
  int answered = 0;
  for (auto& mine : futures) {
    for (auto& f : mine) {
      const auto r = f.get();
      EXPECT_FALSE(r.error) << r.error.message();
      EXPECT_EQ(r.value.added, 0u);
      EXPECT_FALSE(r.value.refused);
      ++answered;
    }
  }
  EXPECT_EQ(answered, threads * per_thread);
  EXPECT_EQ(log().last_seq(), seq_before); // Nothing relayed, nothing billed.
}

TEST_F(RuntimeFixture, ReportsOfAnUnknownAccountOrTunnelAreAnsweredLikeSingleOnes) {
  const auto account = create("dee@example.com");
  auto running = call<grant_renewal>([&](auto h) {
    port().async_report_usage({account.account_id, "tun_unknown", 1, 10, 0, false}, h);
  });
  EXPECT_EQ(running.error, errc::not_found); // Its grant is gone: the tunnel must stop.
  auto final_of_nobody = call<grant_renewal>([&](auto h) {
    port().async_report_usage({"u_nobody", "tun_unknown", 1, 10, 0, true}, h);
  });
  EXPECT_FALSE(final_of_nobody.error) << final_of_nobody.error.message();
  auto malformed = call<grant_renewal>([&](auto h) {
    port().async_report_usage({"u/bad", "tun_unknown", 1, 0, 0, true}, h);
  });
  EXPECT_EQ(malformed.error, errc::not_found);
}

} // namespace
} // namespace sluice::actors
