// The projection runner and the first read models on a real log: exactly-once across restarts,
// the queries http/ will use, and replay equality.
#include <gtest/gtest.h>

#include "events/catalogue.hpp"
#include "infra/storage.hpp"
#include "projections/catalogue.hpp"
#include "projections/facade/queries.hpp"
#include "projections/replay.hpp"
#include "projections/runner.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::projections {
namespace {

using namespace std::chrono_literals;

class Projections : public ::testing::Test {
protected:
  void SetUp() override {
    std::string error_text;
    auto s = infra::storage::open({dir_.path(), infra::open_mode::read_write, true}, clock_,
                                  error_text);
    ASSERT_TRUE(s) << error_text;
    storage_ = std::move(*s);
  }

  void append(const std::string& stream, std::uint64_t expected, const events::any_event& e) {
    auto ack = storage_->log().append({stream, expected, {events::encode(e)}, {}});
    ASSERT_TRUE(ack) << ack.error().message();
  }

  infra::projection_store& live() {
    return storage_->projections(infra::projection_space::live);
  }

  testing_support::temp_dir dir_{"sluice_projections"};
  infra::system_clock clock_;
  std::unique_ptr<infra::storage> storage_;
};

TEST_F(Projections, AnswersTheQueriesOfTheFirstReadModels) {
  append("email/a@x.io", 0, events::email_claimed{"a@x.io", "u_a"});
  append("apikey/key_1", 0,
         events::api_key_minted{"key_1", "u_a", "sk_live_", "one", "sk_live_abcd", "h1", "s", 10,
                                std::nullopt});
  append("apikey/key_2", 0,
         events::api_key_minted{"key_2", "u_a", "rv_", "two", "rv_efgh", "h2", "s", std::nullopt,
                                std::nullopt});
  append("apikey/key_3", 0,
         events::api_key_minted{
           "key_3", "u_b", "sk_live_", "b", "sk_live_ijkl", "h3", "s", {}, std::nullopt});
  append("apikey/key_1", 1, events::api_key_revoked{"key_1", "u_a"});
  append("apikey/key_2", 1, events::api_key_quota_set{"key_2", "u_a", 77});
  runner r(storage_->log(), live(), make_all());
  auto end = r.catch_up();
  ASSERT_TRUE(end);
  EXPECT_EQ(*end, 6u);

  queries q(live());
  EXPECT_EQ(*q.account_by_email("a@x.io"), std::optional<std::string>{"u_a"});
  EXPECT_EQ(*q.account_by_email("b@x.io"), std::nullopt);
  auto owner = q.key_by_secret_hash("h1");
  ASSERT_TRUE(owner && *owner);
  EXPECT_EQ((*owner)->account_id, "u_a");
  EXPECT_TRUE((*owner)->revoked);
  auto keys = q.keys_of_account("u_a", 100);
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 2u); // Not u_b's key.
  EXPECT_EQ((*keys)[0].key_id, "key_1");
  EXPECT_TRUE((*keys)[0].revoked);
  EXPECT_EQ((*keys)[1].quota_bytes, std::optional<std::uint64_t>{77});
  EXPECT_EQ((*keys)[1].label, "two");
}

TEST_F(Projections, ASessionsLastUseIsItsLatestBytesOrWrittenUse) {
  const auto t0 = *events::parse_timestamp("2026-11-23T10:00:00.000Z");
  auto at = [&](const std::string& stream, std::uint64_t expected, const events::any_event& e,
                std::chrono::minutes after) {
    auto ack = storage_->log().append({stream, expected, {events::encode(e)}, t0 + after});
    ASSERT_TRUE(ack) << ack.error().message();
  };
  const std::string stream = "session/u_a/s1/uk";
  at(stream, 0, events::session_bound{"u_a", "s1", "uk", "", "uk-1"}, std::chrono::minutes{0});
  at("account/u_a", 0,
     events::bytes_metered{"u_a", "key_1", "s1", "uk", "", "uk-1", "tun_1", 1, 10, 20},
     std::chrono::minutes{5});
  // Use written late (at retirement) for a time before those bytes: the bytes stay the last use.
  at(stream, 1,
     events::session_active{"u_a", "s1", "uk", "uk-1", events::format_timestamp(t0 + 2min)},
     std::chrono::minutes{7});
  runner r(storage_->log(), live(), make_all());
  ASSERT_TRUE(r.catch_up());
  queries q(live());
  auto listed = q.sessions_of_account("u_a");
  ASSERT_TRUE(listed && listed->size() == 1u);
  EXPECT_EQ((*listed)[0].last_active_at, "2026-11-23T10:05:00.000Z");
  EXPECT_EQ((*listed)[0].bytes, 30u);
  at(stream, 2,
     events::session_active{"u_a", "s1", "uk", "uk-1", events::format_timestamp(t0 + 9min)},
     std::chrono::minutes{10});
  ASSERT_TRUE(r.catch_up());
  listed = q.sessions_of_account("u_a");
  ASSERT_TRUE(listed && listed->size() == 1u);
  EXPECT_EQ((*listed)[0].last_active_at, "2026-11-23T10:09:00.000Z");
}

TEST_F(Projections, CountsTheSessionsEachExitNodeHolds) {
  using sb = events::session_bound;
  append("session/u_a/s1/uk", 0, sb{"u_a", "s1", "uk", "", "uk-1"});
  append("session/u_a/s2/uk", 0, sb{"u_a", "s2", "uk", "", "uk-1"});
  append("session/u_b/s1/uk", 0, sb{"u_b", "s1", "uk", "", "uk-2"});
  append("session/u_b/s9/us", 0, sb{"u_b", "s9", "us", "", "us-1"});
  // Moved off a node that went down: one count moves with it.
  append("session/u_a/s1/uk", 1, events::session_rotated{"u_a", "s1", "uk", "uk-1", "node_down"});
  append("session/u_a/s1/uk", 2, sb{"u_a", "s1", "uk", "", "uk-2"});
  append("session/u_a/s2/uk", 1, events::session_discarded{"u_a", "s2", "uk", "uk-1"});
  append("session/u_b/s9/us", 1, events::session_expired{"u_b", "s9", "us", "us-1"});
  // A release of a session never bound (an old log's oddity) counts nothing down.
  append("session/u_c/s1/uk", 0, events::session_expired{"u_c", "s1", "uk", "uk-2"});
  runner r(storage_->log(), live(), make_all());
  ASSERT_TRUE(r.catch_up());
  queries q(live());
  auto counts = q.sessions_by_node();
  ASSERT_TRUE(counts);
  EXPECT_EQ(*counts, (std::map<std::string, std::uint64_t>{{"uk-2", 2}}));
  // The same two, with their accounts and last use, seed the session expiry watch at a start.
  auto bound = q.bound_sessions();
  ASSERT_TRUE(bound);
  ASSERT_EQ(bound->size(), 2u);
  std::vector<std::string> ids;
  for (const auto& b : *bound) {
    ids.push_back(b.account_id + "/" + b.session.session + "/" + b.session.country);
    EXPECT_EQ(b.session.node, "uk-2");
    EXPECT_EQ(b.session.last_active_at, b.session.bound_at);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"u_a/s1/uk", "u_b/s1/uk"}));
}

TEST_F(Projections, AnAccountsBoundSessionsAreListedHoweverManyItHasReleased) {
  // Rows of released sessions stay in `sessions`; they must not crowd out the bound ones, which
  // here sort after 1500 of them. Neither another account's nor a prefix-sharing one's show.
  using sb = events::session_bound;
  for (int i = 0; i < 1500; ++i) {
    std::string session = "a"; // Not "a" + to_string(): GCC 12 warns (-Wrestrict) falsely.
    session += std::to_string(1000 + i);
    const auto stream = "session/u_a/" + session + "/uk";
    append(stream, 0, sb{"u_a", session, "uk", "", "uk-1"});
    append(stream, 1, events::session_expired{"u_a", session, "uk", "uk-1"});
  }
  append("session/u_a/zz/uk", 0, sb{"u_a", "zz", "uk", "", "uk-1"});
  append("session/u_a/zz/de", 0, sb{"u_a", "zz", "de", "bbc", "de-1"});
  append("session/u_ab/zz/uk", 0, sb{"u_ab", "zz", "uk", "", "uk-1"});
  runner r(storage_->log(), live(), make_all());
  ASSERT_TRUE(r.catch_up());
  auto listed = queries(live()).sessions_of_account("u_a");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].country, "de");
  EXPECT_EQ((*listed)[0].service, "bbc");
  EXPECT_EQ((*listed)[0].node, "de-1");
  EXPECT_EQ((*listed)[1].session, "zz");
  EXPECT_EQ((*listed)[1].country, "uk");
}

TEST_F(Projections, ListsTheExitNodesWithTheirHealth) {
  using reg = events::node_registered;
  append("node/uk-1", 0, reg{"uk-1", "uk", "direct", {}});
  append("node/uk-1", 1, events::node_down{"uk-1", "bind_failed", "2026-12-02T10:00:30.000Z"});
  append("node/de-1", 0, reg{"de-1", "de", "socks5", {"bbc"}});
  append("node/de-1", 1, events::node_down{"de-1", "upstream_failed", "2026-12-02T10:00:30.000Z"});
  append("node/de-1", 2, events::node_up{"de-1", "cooldown_over"});
  append("node/fr-1", 0, reg{"fr-1", "fr", "http", {}});
  append("node/fr-1", 1, events::node_retired{"fr-1"});
  runner r(storage_->log(), live(), make_all());
  ASSERT_TRUE(r.catch_up());
  auto nodes = queries(live()).exit_nodes();
  ASSERT_TRUE(nodes);
  ASSERT_EQ(nodes->size(), 3u);
  const auto& de = (*nodes)[0];
  EXPECT_EQ(de.node, "de-1");
  EXPECT_EQ(de.kind, "socks5");
  EXPECT_EQ(de.services, std::vector<std::string>{"bbc"});
  EXPECT_EQ(de.status, "up");
  EXPECT_EQ(de.down_until, std::nullopt);
  EXPECT_EQ(de.down_reason, std::nullopt);
  EXPECT_TRUE(de.registered_at.has_value());
  EXPECT_EQ((*nodes)[1].node, "fr-1");
  EXPECT_EQ((*nodes)[1].status, "retired");
  const auto& uk = (*nodes)[2];
  EXPECT_EQ(uk.status, "down");
  EXPECT_EQ(uk.down_until, "2026-12-02T10:00:30.000Z");
  EXPECT_EQ(uk.down_reason, "bind_failed");
  EXPECT_EQ(uk.country, "uk");
  // Configured again: back in its last known health.
  append("node/fr-1", 2, reg{"fr-1", "fr", "http", {}});
  append("node/uk-1", 2, events::node_retired{"uk-1"});
  append("node/uk-1", 3, reg{"uk-1", "uk", "direct", {}});
  ASSERT_TRUE(r.catch_up());
  nodes = queries(live()).exit_nodes();
  ASSERT_TRUE(nodes);
  EXPECT_EQ((*nodes)[1].status, "up");
  EXPECT_EQ((*nodes)[2].status, "down");
}

TEST_F(Projections, AppliesEachEventExactlyOnceAcrossRestarts) {
  append("email/a@x.io", 0, events::email_claimed{"a@x.io", "u_a"});
  {
    runner first(storage_->log(), live(), make_all());
    ASSERT_TRUE(first.catch_up());
  }
  append("apikey/key_1", 0,
         events::api_key_minted{
           "key_1", "u_a", "sk_live_", "one", "sk_live_abcd", "h1", "s", {}, std::nullopt});
  append("apikey/key_1", 1, events::api_key_revoked{"key_1", "u_a"});
  runner second(storage_->log(), live(), make_all());
  auto end = second.catch_up();
  ASSERT_TRUE(end);
  EXPECT_EQ(*end, 3u);
  for (const auto& p : make_all())
    EXPECT_EQ(*live().checkpoint(p->name()), 3u) << p->name();
  // A revoke applied twice would fail (or flip nothing); a mint applied twice would still pass,
  // so check the result of the whole history instead.
  auto keys = queries(live()).keys_of_account("u_a", 10);
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_TRUE((*keys)[0].revoked);
}

TEST_F(Projections, TailsTheLogOnItsOwnThread) {
  runner r(storage_->log(), live(), make_all());
  r.start();
  append("email/t@x.io", 0, events::email_claimed{"t@x.io", "u_t"});
  // Bounded so that a bug fails the test instead of hanging it.
  EXPECT_TRUE(r.wait_for_position(1, std::chrono::seconds{30}));
  r.stop();
  EXPECT_EQ(r.position(), 1u);
  EXPECT_TRUE(r.failure().empty());
  EXPECT_EQ(*queries(live()).account_by_email("t@x.io"), std::optional<std::string>{"u_t"});
}

TEST_F(Projections, OnlyAProjectionThatWroteStoresItsCheckpointUntilTheRunnerStops) {
  runner r(storage_->log(), live(), make_all());
  r.start();
  append("email/c@x.io", 0, events::email_claimed{"c@x.io", "u_c"});
  ASSERT_TRUE(r.wait_for_position(1, std::chrono::seconds{30}));
  // The others ignored the event: after a crash now they would read it again and ignore it
  // again, which is as exact as a stored checkpoint and costs no write per batch.
  for (const auto& p : make_all()) {
    EXPECT_EQ(*live().checkpoint(p->name()), p->name() == "account_by_email" ? 1u : 0u)
      << p->name();
  }
  r.stop();
  for (const auto& p : make_all())
    EXPECT_EQ(*live().checkpoint(p->name()), 1u) << p->name();
  runner again(storage_->log(), live(), make_all());
  EXPECT_EQ(*again.catch_up(), 1u);
  EXPECT_EQ(*queries(live()).account_by_email("c@x.io"), std::optional<std::string>{"u_c"});
}

TEST_F(Projections, StopsCleanlyEvenBeforeItsFirstBatch) {
  for (int i = 0; i < 20; ++i) { // The thread may or may not have read anything yet.
    runner r(storage_->log(), live(), make_all());
    r.start();
    r.stop();
    EXPECT_TRUE(r.failure().empty()) << r.failure();
  }
}

TEST_F(Projections, ReplayRebuildsEqualProjections) {
  for (int i = 0; i < 50; ++i) {
    const auto id = std::to_string(i);
    append("email/" + id + "@x.io", 0, events::email_claimed{id + "@x.io", "u_" + id});
    append(
      "apikey/k" + id, 0,
      events::api_key_minted{
        "k" + id, "u_" + id, "sk_live_", "l", "sk_live_" + id, "h" + id, "s", {}, std::nullopt});
    if (i % 3 == 0)
      append("apikey/k" + id, 1, events::api_key_revoked{"k" + id, "u_" + id});
  }
  append("future/x", 0, events::unknown_event{"FromTheFuture", {{"x", 1}}});
  auto report = replay(*storage_, false);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->events, 118u);
  EXPECT_TRUE(report->comparison.equal) << report->comparison.first_difference;
  EXPECT_GT(report->comparison.live_keys, 100u);
  EXPECT_EQ(report->comparison.live_keys, report->comparison.replay_keys);
}

TEST_F(Projections, ReplayReportsADivergentLiveProjection) {
  append("email/a@x.io", 0, events::email_claimed{"a@x.io", "u_a"});
  runner r(storage_->log(), live(), make_all());
  ASSERT_TRUE(r.catch_up());
  auto tx = live().begin();
  tx->put("account_by_email/a@x.io", "u_tampered");
  ASSERT_TRUE(tx->commit());
  auto report = replay(*storage_, false);
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->comparison.equal);
  EXPECT_FALSE(report->repaired);
  EXPECT_EQ(report->comparison.first_difference, "projections:account_by_email/a@x.io");
}

TEST_F(Projections, ReplayRepairsADivergentLiveProjection) {
  append("email/a@x.io", 0, events::email_claimed{"a@x.io", "u_a"});
  runner r(storage_->log(), live(), make_all());
  ASSERT_TRUE(r.catch_up());
  auto tx = live().begin();
  tx->put("account_by_email/a@x.io", "u_tampered");
  tx->put("account_by_email/stray@x.io", "u_stray");
  ASSERT_TRUE(tx->commit());
  auto report = replay(*storage_, true);
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->comparison.equal);
  EXPECT_TRUE(report->repaired);
  EXPECT_EQ(*live().get("account_by_email/a@x.io"), std::optional<std::string>{"u_a"});
  EXPECT_EQ(*live().get("account_by_email/stray@x.io"), std::nullopt);
  auto again = replay(*storage_, false);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->comparison.equal) << again->comparison.first_difference;
}

} // namespace
} // namespace sluice::projections
