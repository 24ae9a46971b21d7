// Sticky sessions through the facade, on a real log: concurrent opens of one session share one
// node and one SessionBound; a node the gateway reports failed is left with SessionRotated
// ("node_down") on the session's next open, and a country whose only node failed has none.
#include <algorithm>
#include <future>
#include <vector>

#include "actors/session/session_state.hpp"
#include "tests/actors/runtime_fixture.hpp"

namespace sluice::actors {
namespace {

using testing_support::begin_call;
using testing_support::call;

class SessionBinding : public RuntimeFixture {
protected:
  void SetUp() override {
    exit_nodes_ = {{"uk-a", "uk", {}}, {"uk-b", "uk", {}}, {"fr-a", "fr", {}}};
    RuntimeFixture::SetUp();
    account_ = create("sessions@example.com").account_id;
    auto credited = call<account_view>([&](auto h) {
      port().async_credit_wallet({account_, 100'000'000, 0, "test", ""}, h);
    });
    ASSERT_FALSE(credited.error);
    auto minted = call<minted_api_key>([&](auto h) {
      port().async_mint_api_key({account_, "sk_live_", "tunnels", std::nullopt}, h);
    });
    ASSERT_FALSE(minted.error);
    key_id_ = minted.value.key.key_id;
  }

  std::future<testing_support::outcome<tunnel_opened>> begin_open(const std::string& session,
                                                                  const std::string& country) {
    const open_tunnel spec{account_, key_id_, session,
                           country,  "",      "tun_" + std::to_string(++tunnels_)};
    return begin_call<tunnel_opened>([&](auto h) { port().async_open_tunnel(spec, h); });
  }
  testing_support::outcome<tunnel_opened> open(const std::string& session,
                                               const std::string& country = "uk") {
    return begin_open(session, country).get();
  }
  std::vector<events::envelope> session_events(const std::string& session,
                                               const std::string& country = "uk") {
    auto r = log().read_stream(session_stream(session_actor_id(account_, session, country)), 1,
                               1'000);
    EXPECT_TRUE(r);
    return r ? *r : std::vector<events::envelope>{};
  }

  std::string account_;
  std::string key_id_;
  int tunnels_ = 0;
};

TEST_F(SessionBinding, ConcurrentOpensOfOneSessionShareOneNodeAndOneBinding) {
  std::vector<std::future<testing_support::outcome<tunnel_opened>>> opens;
  for (int i = 0; i < 32; ++i)
    opens.push_back(begin_open("s1", "uk"));
  std::vector<std::string> nodes;
  for (auto& f : opens) {
    auto opened = f.get();
    ASSERT_FALSE(opened.error) << opened.error.message();
    nodes.push_back(opened.value.node);
  }
  EXPECT_EQ(std::count(nodes.begin(), nodes.end(), nodes.front()), 32);
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(open("s1").value.node, nodes.front());
  const auto events = session_events("s1");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "SessionBound");
  EXPECT_EQ(events[0].data.at("node").as_string(), nodes.front());
}

TEST_F(SessionBinding, AFailedNodeIsLeftOnTheNextOpenWithTheReasonNodeDown) {
  const auto first = open("s1");
  ASSERT_FALSE(first.error);
  EXPECT_EQ(first.value.node, "uk-a"); // Equal load: the first by id.
  port().report_node_failure({"uk-a"});
  const auto moved = open("s1");
  ASSERT_FALSE(moved.error);
  EXPECT_EQ(moved.value.node, "uk-b");
  EXPECT_EQ(open("s1").value.node, "uk-b"); // Sticky on its new node.
  EXPECT_EQ(open("s2").value.node, "uk-b"); // A new session skips the failed node too.
  const auto events = session_events("s1");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, "SessionBound");
  EXPECT_EQ(events[1].type, "SessionRotated");
  EXPECT_EQ(events[1].data.at("node").as_string(), "uk-a");
  EXPECT_EQ(events[1].data.at("reason").as_string(), "node_down");
  EXPECT_EQ(events[2].type, "SessionBound");
  EXPECT_EQ(events[2].data.at("node").as_string(), "uk-b");
}

TEST_F(SessionBinding, ACountryWhoseOnlyNodeFailedHasNoNodeToOffer) {
  ASSERT_EQ(open("s1", "fr").value.node, "fr-a");
  port().report_node_failure({"fr-a"});
  EXPECT_EQ(open("s1", "fr").error, errc::unavailable);
  EXPECT_EQ(open("s2", "fr").error, errc::unavailable);
  port().report_node_failure({"no-such-node"}); // Ignored.
  EXPECT_EQ(open("s3").value.node, "uk-a");
}

} // namespace
} // namespace sluice::actors
