// Exit-node decisions: registered once as configured and again when the configuration changes,
// one NodeDown per cool-down counted from the first failure, NodeUp only once it is over, a
// routine check that fails takes an up node down, and retirement of a registered node only. The
// fold survives its snapshot.
#include <gtest/gtest.h>

#include "actors/exit_node/node_rules.hpp"

namespace sluice::actors {
namespace {

using namespace std::chrono_literals;

const events::timestamp t0 = *events::parse_timestamp("2026-12-02T10:00:00.000Z");

node_state folded(const std::vector<events::any_event>& history) {
  node_state s;
  for (const auto& e : history)
    evolve(s, e, t0);
  return s;
}

const exit_node_info uk1{"uk-1", "uk", {"bbc"}, "socks5", ""};

node_state registered() {
  return folded(decide_registration({}, uk1));
}

TEST(NodeRules, RegistersOnceAndAgainWhenTheConfigurationChanges) {
  const auto first = decide_registration({}, uk1);
  ASSERT_EQ(first.size(), 1u);
  const auto& r = std::get<events::node_registered>(first[0]);
  EXPECT_EQ(r.node, "uk-1");
  EXPECT_EQ(r.country, "uk");
  EXPECT_EQ(r.kind, "socks5");
  EXPECT_EQ(r.services, std::vector<std::string>{"bbc"});
  EXPECT_TRUE(decide_registration(registered(), uk1).empty());
  auto retagged = uk1;
  retagged.services = {"bbc", "itvx"};
  EXPECT_EQ(decide_registration(registered(), retagged).size(), 1u);
  auto moved = uk1;
  moved.kind = "http";
  EXPECT_EQ(decide_registration(registered(), moved).size(), 1u);
}

TEST(NodeRules, AFailureStartsOneCooldownCountedFromTheFirstFailure) {
  auto decided = decide_failure(registered(), "upstream_failed", t0, 30s);
  ASSERT_TRUE(decided);
  ASSERT_EQ(decided->size(), 1u);
  const auto& down = std::get<events::node_down>((*decided)[0]);
  EXPECT_EQ(down.node, "uk-1");
  EXPECT_EQ(down.reason, "upstream_failed");
  EXPECT_EQ(down.until, "2026-12-02T10:00:30.000Z");
  auto s = registered();
  evolve(s, (*decided)[0], t0);
  EXPECT_TRUE(s.down());
  EXPECT_EQ(s.down_until, t0 + 30s);
  EXPECT_TRUE(decide_failure(s, "upstream_failed", t0 + 29s, 30s)->empty());
  // Over, but not followed by NodeUp (its check was still out): a new, twice as long one.
  const auto again = decide_failure(s, "bind_failed", t0 + 31s, 30s);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(std::get<events::node_down>((*again)[0]).until, "2026-12-02T10:01:31.000Z");
}

TEST(NodeRules, AFailedCheckDoublesTheCooldownUpToSixteenTimesAndAPassedOneEndsIt) {
  auto s = registered();
  evolve(s, decide_failure(s, "upstream_failed", t0, 30s)->at(0), t0);
  EXPECT_TRUE(decide_probe_result(s, "upstream_failed", t0 + 29s, 30s).empty()); // Not over.
  std::vector<std::string> untils;
  auto now = t0 + 30s;
  for (int i = 0; i < 6; ++i) {
    const auto decided = decide_probe_result(s, "upstream_failed", now, 30s);
    ASSERT_EQ(decided.size(), 1u);
    const auto& down = std::get<events::node_down>(decided[0]);
    EXPECT_EQ(down.reason, "upstream_failed");
    untils.push_back(down.until);
    evolve(s, decided[0], now);
    now = s.down_until;
  }
  EXPECT_EQ(untils,
            (std::vector<std::string>{"2026-12-02T10:01:30.000Z", "2026-12-02T10:03:30.000Z",
                                      "2026-12-02T10:07:30.000Z", "2026-12-02T10:15:30.000Z",
                                      "2026-12-02T10:23:30.000Z", "2026-12-02T10:31:30.000Z"}));
  const auto up = decide_probe_result(s, "", now, 30s);
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(std::get<events::node_up>(up[0]).reason, "probe_ok");
  evolve(s, up[0], now);
  EXPECT_EQ(s.downs, 0u);
  EXPECT_TRUE(decide_probe_result(s, "", now, 30s).empty()); // Up: nothing to decide.
  EXPECT_EQ(cooldown_for(s, 30s), 30s);                      // The next failure starts over.
}

TEST(NodeRules, ARoutineCheckThatFailsTakesAnUpNodeDownAndOneThatPassesWritesNothing) {
  auto s = registered();
  EXPECT_TRUE(decide_check_result(s, "", t0, 30s).empty());
  const auto down = decide_check_result(s, "upstream_failed", t0, 30s);
  ASSERT_EQ(down.size(), 1u);
  EXPECT_EQ(std::get<events::node_down>(down[0]).reason, "upstream_failed");
  EXPECT_EQ(std::get<events::node_down>(down[0]).until, "2026-12-02T10:00:30.000Z");
  evolve(s, down[0], t0);
  // Down already (a failure report came first): the cool-down has a check of its own.
  EXPECT_TRUE(decide_check_result(s, "upstream_failed", t0 + 40s, 30s).empty());
  evolve(s, decide_retirement(s).at(0), t0);
  EXPECT_TRUE(decide_check_result(s, "upstream_failed", t0, 30s).empty());
}

TEST(NodeRules, ANodeNotRegisteredOrRetiredCannotFail) {
  EXPECT_EQ(decide_failure({}, "bind_failed", t0, 30s).error(), errc::not_found);
  auto s = registered();
  evolve(s, decide_retirement(s).at(0), t0);
  EXPECT_EQ(decide_failure(s, "bind_failed", t0, 30s).error(), errc::not_found);
}

TEST(NodeRules, NodeUpOnlyOnceTheCooldownIsOver) {
  EXPECT_TRUE(decide_recovery(registered(), t0).empty());
  auto s = registered();
  evolve(s, decide_failure(s, "bind_failed", t0, 30s)->at(0), t0);
  EXPECT_TRUE(decide_recovery(s, t0 + 29'999ms).empty());
  const auto up = decide_recovery(s, t0 + 30s);
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(std::get<events::node_up>(up[0]).reason, "cooldown_over");
  evolve(s, up[0], t0 + 30s);
  EXPECT_FALSE(s.down());
  EXPECT_TRUE(decide_recovery(s, t0 + 31s).empty());
}

TEST(NodeRules, RetiresARegisteredNodeOnceAndARetiredNodeComesBackByRegistering) {
  EXPECT_TRUE(decide_retirement({}).empty());
  auto s = registered();
  const auto retired = decide_retirement(s);
  ASSERT_EQ(retired.size(), 1u);
  evolve(s, retired[0], t0);
  EXPECT_FALSE(s.registered());
  EXPECT_TRUE(decide_retirement(s).empty());
  EXPECT_EQ(decide_registration(s, uk1).size(), 1u);
}

TEST(NodeRules, TheFoldSurvivesItsSnapshot) {
  auto s = registered();
  evolve(s, decide_failure(s, "bind_failed", t0, 30s)->at(0), t0);
  const auto back = node_from_snapshot(to_snapshot(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->node, "uk-1");
  EXPECT_EQ(back->kind, "socks5");
  EXPECT_EQ(back->services, s.services);
  EXPECT_EQ(back->down_until, t0 + 30s);
  EXPECT_EQ(back->down_reason, "bind_failed");
  EXPECT_EQ(back->version, 2u);
  EXPECT_FALSE(node_from_snapshot("{\"node\":1}"));
}

} // namespace
} // namespace sluice::actors
