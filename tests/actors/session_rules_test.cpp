// Exit-node choice and session binding decisions: sticky while usable, least loaded otherwise,
// never a blacklisted node, and the node just left only when it is the only one.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "actors/exit_node/node_selection.hpp"
#include "actors/session/session_rules.hpp"

namespace sluice::actors {
namespace {

using std::chrono::steady_clock;

std::vector<node_health> uk_nodes() {
  return {{{"uk-1", "uk", {}}, {}, 2},
          {{"uk-2", "uk", {"bbc"}}, {}, 5},
          {{"uk-3", "uk", {}}, {}, 1},
          {{"de-1", "de", {}}, {}, 0}};
}

TEST(NodeSelection, KeepsTheCurrentNodeWhileItIsUsable) {
  const auto now = steady_clock::time_point{} + std::chrono::hours{1};
  EXPECT_EQ(pick_node(uk_nodes(), {"uk", "", "uk-1", "", {}}, now), "uk-1");
}

TEST(NodeSelection, ChoosesTheLeastLoadedPreferringTheServiceTag) {
  const auto now = steady_clock::time_point{} + std::chrono::hours{1};
  EXPECT_EQ(pick_node(uk_nodes(), {"uk", "", "", "", {}}, now), "uk-3");
  EXPECT_EQ(pick_node(uk_nodes(), {"uk", "bbc", "", "", {}}, now), "uk-2");
  EXPECT_EQ(pick_node(uk_nodes(), {"de", "", "", "", {}}, now), "de-1");
  EXPECT_EQ(pick_node(uk_nodes(), {"fr", "", "", "", {}}, now), std::nullopt);
}

TEST(NodeSelection, SkipsDownAndBlacklistedNodesAndAvoidsTheOneJustLeft) {
  const auto now = steady_clock::time_point{} + std::chrono::hours{1};
  auto nodes = uk_nodes();
  nodes[2].down_until = now + std::chrono::seconds{30};
  EXPECT_EQ(pick_node(nodes, {"uk", "", "uk-3", "", {}}, now), "uk-1");
  EXPECT_EQ(pick_node(nodes, {"uk", "", "", "uk-1", {}}, now), "uk-2");
  EXPECT_EQ(pick_node(nodes, {"uk", "", "", "", {"uk-1", "uk-2"}}, now), std::nullopt);
  EXPECT_EQ(pick_node(uk_nodes(), {"de", "", "", "de-1", {}}, now), "de-1"); // The only one.
}

TEST(SessionRules, BindingWritesEventsOnlyWhenTheNodeChanges) {
  session_state s;
  const open_tunnel t{"u_1", "key_a", "s1", "uk", "bbc", "tun_1"};
  auto first = decide_binding(s, t, "uk-2", {}, false, true);
  ASSERT_EQ(first.size(), 1u);
  evolve(s, first[0], {});
  EXPECT_TRUE(decide_binding(s, t, "uk-2", {}, false, true).empty());
  auto moved = decide_binding(s, t, "uk-1", {"uk-2"}, false, true);
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(std::get<events::session_rotated>(moved[0]).reason, "blacklisted");
  auto down = decide_binding(s, t, "uk-1", {}, false, true);
  EXPECT_EQ(std::get<events::session_rotated>(down.at(0)).reason, "node_down");
  auto gone = decide_binding(s, t, "uk-1", {}, false, false); // Left out of the configuration.
  EXPECT_EQ(std::get<events::session_rotated>(gone.at(0)).reason, "retired");
  auto expired = decide_binding(s, t, "uk-2", {}, true, true);
  ASSERT_EQ(expired.size(), 2u); // Expired, then bound again (even to the same node).
  EXPECT_TRUE(std::holds_alternative<events::session_expired>(expired[0]));
}

TEST(SessionRules, ReleaseOfAnUnknownSessionIsNotFound) {
  session_state s;
  EXPECT_EQ(decide_release(s, {"u_1", "s1", "uk", false}).error(), errc::not_found);
  evolve(s, events::session_bound{"u_1", "s1", "uk", "", "uk-1"}, {});
  EXPECT_EQ(decide_release(s, {"u_2", "s1", "uk", false}).error(), errc::not_found);
  auto rotated = decide_release(s, {"u_1", "s1", "uk", false});
  ASSERT_TRUE(rotated);
  evolve(s, rotated->at(0), {});
  EXPECT_TRUE(s.node.empty());
  EXPECT_EQ(s.previous_node, "uk-1");
  EXPECT_TRUE(decide_release(s, {"u_1", "s1", "uk", true})->empty()); // Nothing bound now.
}

TEST(SessionRules, ADiscardBlacklistsTheBoundNodeOrElseTheOneLastHeld) {
  session_state s;
  evolve(s, events::session_bound{"u_1", "s1", "uk", "", "uk-1"}, {});
  EXPECT_EQ(discarded_node(s), "uk-1");
  evolve(s, events::session_rotated{"u_1", "s1", "uk", "uk-1", "requested"}, {});
  EXPECT_EQ(discarded_node(s), "uk-1"); // Rotated away, its tunnels there may still run.
  evolve(s, events::session_bound{"u_1", "s1", "uk", "", "uk-2"}, {});
  EXPECT_EQ(discarded_node(s), "uk-2");
  evolve(s, events::session_expired{"u_1", "s1", "uk", "uk-2"}, {});
  EXPECT_EQ(discarded_node(s), "uk-2");
}

TEST(SessionRules, UseIsWrittenOnlyForABoundSessionWhoseRecordIsStale) {
  using namespace std::chrono_literals;
  const auto t0 = *events::parse_timestamp("2026-11-23T10:00:00.000Z");
  EXPECT_EQ(activity_record_interval(24h), 1h);
  session_state s;
  EXPECT_TRUE(decide_activity(s, t0, 24h, true).empty()); // Never bound.
  evolve(s, events::session_bound{"u_1", "s1", "uk", "", "uk-1"}, t0);
  EXPECT_EQ(s.last_active_at, t0);
  EXPECT_TRUE(decide_activity(s, t0 + 59min, 24h, false).empty());
  EXPECT_TRUE(decide_activity(s, t0, 24h, true).empty()); // Nothing unwritten.
  auto settled = decide_activity(s, t0 + 1min, 24h, true);
  ASSERT_EQ(settled.size(), 1u);
  auto due = decide_activity(s, t0 + 1h, 24h, false);
  ASSERT_EQ(due.size(), 1u);
  const auto& active = std::get<events::session_active>(due[0]);
  EXPECT_EQ(active.node, "uk-1");
  EXPECT_EQ(active.active_at, "2026-11-23T11:00:00.000Z");
  evolve(s, due[0], t0 + 2h); // Written late (at retirement): the use's time counts.
  EXPECT_EQ(s.last_active_at, t0 + 1h);
  evolve(s, settled[0], t0 + 3h); // An older use never moves it back.
  EXPECT_EQ(s.last_active_at, t0 + 1h);
  evolve(s, events::session_rotated{"u_1", "s1", "uk", "uk-1", "requested"}, t0 + 3h);
  EXPECT_TRUE(decide_activity(s, t0 + 5h, 24h, true).empty()); // Released: nothing to keep.
}

TEST(SessionRules, ABindingExpiresOnlyOnceIdlePastTheTtlFromItsLatestUse) {
  using namespace std::chrono_literals;
  const auto t0 = *events::parse_timestamp("2026-11-23T10:00:00.000Z");
  session_state s;
  EXPECT_TRUE(decide_expiry(s, t0, t0 + 48h, 24h).empty()); // Never bound.
  evolve(s, events::session_bound{"u_1", "s1", "uk", "", "uk-1"}, t0);
  EXPECT_TRUE(decide_expiry(s, t0, t0 + 24h, 24h).empty());      // Exactly the TTL: still bound.
  EXPECT_TRUE(decide_expiry(s, t0 + 2h, t0 + 25h, 24h).empty()); // Used since, unwritten.
  const auto expired = decide_expiry(s, t0 + 2h, t0 + 26h + 1ms, 24h);
  ASSERT_EQ(expired.size(), 1u);
  const auto& e = std::get<events::session_expired>(expired[0]);
  EXPECT_EQ(e.account, "u_1");
  EXPECT_EQ(e.session, "s1");
  EXPECT_EQ(e.country, "uk");
  EXPECT_EQ(e.node, "uk-1");
  evolve(s, expired[0], t0 + 26h);
  EXPECT_TRUE(decide_expiry(s, t0 + 2h, t0 + 48h, 24h).empty()); // Already unbound.
}

TEST(SessionRules, SnapshotsKeepTheLastUseAndOlderOnesCountFromTheLastEvent) {
  const auto t0 = *events::parse_timestamp("2026-11-23T10:00:00.000Z");
  session_state s;
  evolve(s, events::session_bound{"u_1", "s1", "uk", "", "uk-1"}, t0);
  evolve(s, events::session_active{"u_1", "s1", "uk", "uk-1", "2026-11-23T12:00:00.000Z"}, t0);
  auto back = session_from_snapshot(to_snapshot(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->last_active_at, *events::parse_timestamp("2026-11-23T12:00:00.000Z"));
  auto older = boost::json::parse(to_snapshot(s)).as_object();
  older.erase("last_active_at");
  back = session_from_snapshot(boost::json::serialize(older));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->last_active_at, back->last_event_at);
  older["last_active_at"] = "yesterday";
  EXPECT_FALSE(session_from_snapshot(boost::json::serialize(older)));
}

} // namespace
} // namespace sluice::actors
