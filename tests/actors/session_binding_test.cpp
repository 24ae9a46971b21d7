// Sticky sessions through the facade, on a real log: concurrent opens of one session share one
// node and one SessionBound; a node the gateway reports failed is left with SessionRotated
// ("node_down") on the session's next open, and a country whose only node failed has none.
// Idleness counts from the last use (a connection, or bytes relayed), which SessionActive keeps
// across the actor's retirement and a restart.
#include <algorithm>
#include <future>
#include <vector>

#include "tests/actors/tunnel_fixture.hpp"

namespace sluice::actors {
namespace {

using testing_support::call;

class SessionBinding : public TunnelFixture {
protected:
  void SetUp() override {
    options_.exit_nodes = {{"uk-a", "uk", {}}, {"uk-b", "uk", {}}, {"fr-a", "fr", {}}};
    TunnelFixture::SetUp();
  }
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
  ASSERT_FALSE(fail_node("uk-a").error);
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
  ASSERT_FALSE(fail_node("fr-a").error);
  EXPECT_EQ(open("s1", "fr").error, errc::unavailable);
  EXPECT_EQ(open("s2", "fr").error, errc::unavailable);
  EXPECT_EQ(fail_node("no-such-node").error, errc::not_found);
  EXPECT_EQ(open("s3").value.node, "uk-a");
}

TEST_F(SessionBinding, AnOpenRacingADiscardOfItsSessionIsNeverLeftOnTheDiscardedNode) {
  const auto first = open("s1");
  ASSERT_FALSE(first.error);
  const auto discarded = first.value.node;
  // Sent back to back. Either the open completes first, and the discard's sweep orders its
  // tunnel closed; or the session answers the open (with its node) before the discard while the
  // account has blacklisted the node by the time it reads that answer, and the open is refused.
  auto racing = begin_open("s1", "uk");
  const std::string racing_tunnel = "tun_" + std::to_string(tunnels_);
  const release_session discard{account_, "s1", "uk", true};
  auto released = testing_support::begin_call<session_view>(
    [&](auto h) { port().async_release_session(discard, h); });
  ASSERT_FALSE(released.get().error);
  const auto raced = racing.get();
  if (raced.error) {
    EXPECT_EQ(raced.error, errc::unavailable);
  } else if (raced.value.node == discarded) {
    std::promise<std::string> closed;
    port().watch_tunnel({account_, racing_tunnel},
                        [&closed](tunnel_closure c) { closed.set_value(c.reason); });
    auto reason = closed.get_future();
    ASSERT_EQ(reason.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    EXPECT_EQ(reason.get(), "discarded");
    port().unwatch_tunnel({account_, racing_tunnel});
  }
  const auto next = open("s1");
  ASSERT_FALSE(next.error);
  EXPECT_NE(next.value.node, discarded);
}

using namespace std::chrono_literals;

const events::timestamp t0 = *events::parse_timestamp("2026-11-23T10:00:00.000Z");

/// A manual clock, an idle TTL of one hour (use is written once it is 2.5 min stale) and actors
/// that retire 100 ms (manual time) after their last command.
class SessionActivity : public SessionBinding {
protected:
  void SetUp() override {
    clock_in_use_ = &manual_;
    options_.session_idle_ttl = 1h;
    options_.idle_stop = 100ms;
    SessionBinding::SetUp();
  }

  /// The session's events once it has `count` of them (its actor may still be writing).
  std::vector<events::envelope> events_once(std::size_t count, const std::string& session) {
    // Each wait ends at the log's next append (or after 5 s of none).
    for (int i = 0; i < 50 && session_events(session).size() < count; ++i)
      log().wait_for_seq(log().last_seq(), 5s);
    return session_events(session);
  }
  static std::vector<std::string> types(const std::vector<events::envelope>& events) {
    std::vector<std::string> out;
    for (const auto& e : events)
      out.push_back(e.type);
    return out;
  }
  static std::string active_at(const events::envelope& e) {
    return std::string(e.data.at("active_at").as_string());
  }

  infra::manual_clock manual_{t0};
};

TEST_F(SessionActivity, UseIsWrittenWhenStaleAndBeforeRetiringAndCountsAfterARestart) {
  ASSERT_EQ(open("s1").value.node, "uk-a");
  manual_.advance(40min);
  ASSERT_EQ(open("s1").value.node, "uk-a"); // Use 40 min after the last record: written now.
  auto events = session_events("s1");
  ASSERT_EQ(types(events), (std::vector<std::string>{"SessionBound", "SessionActive"}));
  EXPECT_EQ(active_at(events[1]), events::format_timestamp(t0 + 40min));
  manual_.advance(1min);
  ASSERT_FALSE(open("s1").error); // Fresh enough a record: nothing written yet.
  EXPECT_EQ(session_events("s1").size(), 2u);
  manual_.advance(200ms); // Idle: before it retires, the actor writes what it has not.
  events = events_once(3, "s1");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(active_at(events[2]), events::format_timestamp(t0 + 41min));

  reopen();
  manual_.advance(59min);                   // 100 min after binding, 59 after the last use.
  EXPECT_EQ(open("s1").value.node, "uk-a"); // Still bound, and this use is written at once.
  EXPECT_EQ(
    types(session_events("s1")),
    (std::vector<std::string>{"SessionBound", "SessionActive", "SessionActive", "SessionActive"}));
  manual_.advance(61min);
  EXPECT_FALSE(open("s1").error);
  events = session_events("s1");
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[4].type, "SessionExpired");
  EXPECT_EQ(events[5].type, "SessionBound");
}

TEST_F(SessionActivity, BytesRelayedKeepTheSessionInUse) {
  const auto opened = begin_open("s1", "uk").get();
  ASSERT_EQ(opened.value.node, "uk-a");
  const auto tunnel_id = "tun_" + std::to_string(tunnels_);
  manual_.advance(30min);
  auto renewed = call<grant_renewal>([&](auto h) {
    port().async_report_usage({account_, tunnel_id, 1, 1'000, 2'000, false}, h);
  });
  ASSERT_FALSE(renewed.error) << renewed.error.message();
  const auto events = events_once(2, "s1");
  ASSERT_EQ(types(events), (std::vector<std::string>{"SessionBound", "SessionActive"}));
  EXPECT_EQ(active_at(events[1]), events::format_timestamp(t0 + 30min));
  manual_.advance(45min); // 75 min after binding, 45 after the bytes.
  EXPECT_EQ(open("s1").value.node, "uk-a");
  EXPECT_EQ(types(session_events("s1")), // Not expired: this use is written instead.
            (std::vector<std::string>{"SessionBound", "SessionActive", "SessionActive"}));
}

TEST_F(SessionActivity, AStopWritesTheUseNotYetWritten) {
  ASSERT_FALSE(open("s1").error);
  manual_.advance(1min);
  ASSERT_FALSE(open("s1").error);
  EXPECT_EQ(session_events("s1").size(), 1u);
  reopen();
  const auto events = session_events("s1");
  ASSERT_EQ(types(events), (std::vector<std::string>{"SessionBound", "SessionActive"}));
  EXPECT_EQ(active_at(events[1]), events::format_timestamp(t0 + 1min));
}

} // namespace
} // namespace sluice::actors
