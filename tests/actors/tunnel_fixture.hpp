// The runtime fixture with a credited account and one of its tunnel keys: for tests that open
// tunnels (sticky sessions, exit nodes) and read the streams they write.
#pragma once

#include <future>
#include <string>
#include <vector>

#include "actors/session/session_state.hpp"
#include "tests/actors/runtime_fixture.hpp"

namespace sluice::actors {

class TunnelFixture : public RuntimeFixture {
protected:
  void SetUp() override {
    RuntimeFixture::SetUp();
    account_ = create("sessions@example.com").account_id;
    auto credited = testing_support::call<account_view>([&](auto h) {
      port().async_credit_wallet({account_, 100'000'000, 0, "test", ""}, h);
    });
    ASSERT_FALSE(credited.error);
    auto minted = testing_support::call<minted_api_key>([&](auto h) {
      port().async_mint_api_key({account_, "sk_live_", "tunnels", std::nullopt}, h);
    });
    ASSERT_FALSE(minted.error);
    key_id_ = minted.value.key.key_id;
  }

  std::future<testing_support::outcome<tunnel_opened>> begin_open(const std::string& session,
                                                                  const std::string& country) {
    const open_tunnel spec{account_, key_id_, session,
                           country,  "",      "tun_" + std::to_string(++tunnels_)};
    return testing_support::begin_call<tunnel_opened>(
      [&](auto h) { port().async_open_tunnel(spec, h); });
  }
  testing_support::outcome<tunnel_opened> open(const std::string& session,
                                               const std::string& country = "uk") {
    return begin_open(session, country).get();
  }
  testing_support::outcome<node_health_view> fail_node(const std::string& node) {
    return testing_support::call<node_health_view>([&](auto h) {
      port().async_report_node_failure({node, "bind_failed"}, h);
    });
  }
  std::vector<events::envelope> stream_events(const std::string& stream) {
    auto r = log().read_stream(stream, 1, 1'000);
    EXPECT_TRUE(r);
    return r ? *r : std::vector<events::envelope>{};
  }
  std::vector<events::envelope> session_events(const std::string& session,
                                               const std::string& country = "uk") {
    return stream_events(session_stream(session_actor_id(account_, session, country)));
  }

  std::string account_;
  std::string key_id_;
  int tunnels_ = 0;
};

} // namespace sluice::actors
