// Every read model survives a stop between any two of the runner's commits (the way kill -9
// leaves it): a runner started afresh on what was stored resumes to the same state, key for key,
// as one that never stopped. Issue #20 §1: after a restart the projections stood at different
// checkpoints, and one ahead of the batch had its checkpoint moved back and applied events twice.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "events/catalogue.hpp"
#include "infra/storage.hpp"
#include "projections/catalogue.hpp"
#include "projections/runner.hpp"
#include "tests/support/stopping_projection_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::projections {
namespace {

/// `prefix` followed by `n` in decimal. (Not `"s" + std::to_string(n)`: GCC 12 at -O3 reports a
/// false -Wrestrict on it.)
std::string named(std::string_view prefix, int n) {
  std::string out{prefix};
  out += std::to_string(n);
  return out;
}

/// Small batches, so the log of a few hundred events has many commits to stop between, and
/// projections that sit out a phase of the workload fall behind the others.
constexpr std::size_t batch_events = 7;

/// A workload in phases, so that each read model has stretches with nothing to fold while the
/// others move on (its stored checkpoint then lags theirs), with every event type the read models
/// fold.
class workload {
public:
  explicit workload(infra::event_log& log) : log_(log) {
  }

  void write() {
    for (const char* a : {"u_a", "u_b"}) {
      const std::string id = a;
      append("email/" + id + "@x.io", events::email_claimed{id + "@x.io", id});
      append("account/" + id,
             events::account_created{id, id + "@x.io", "$argon2id$h", "b2b", std::nullopt});
      append(
        "apikey/key_" + id,
        events::api_key_minted{
          "key_" + id, id, "sk_live_", "primary", "sk_live_ab", "h_" + id, "s", {}, std::nullopt});
    }
    for (const char* node : {"n1", "n2", "n3"})
      append(std::string{"node/"} + node, events::node_registered{node, "uk", "direct", {}});
    for (int i = 0; i < 20; ++i)
      credit(i);
    for (int i = 0; i < 120; ++i)
      meter(i);
    for (const char* hook : {"wh_1", "wh_2"}) {
      append(
        std::string{"webhook/"} + hook,
        events::webhook_registered{hook, "u_a", "https://h.example/x", {"balance.low"}, "sealed"});
    }
    deliveries();
    orders();
    for (int i = 0; i < 40; ++i)
      sessions_and_nodes(i);
    append("apikey/key_u_a", events::api_key_quota_set{"key_u_a", "u_a", 123456});
    append("apikey/key_u_b", events::api_key_revoked{"key_u_b", "u_b"});
    append("webhook/wh_2", events::webhook_deleted{"wh_2", "u_a"});
    for (int i = 0; i < 60; ++i) {
      if (i % 3 == 0)
        credit(100 + i);
      meter(200 + i);
    }
    append("apikey/key_u_a", events::api_key_usage_reset{"key_u_a", "u_a"});
  }

private:
  void append(const std::string& stream, const events::any_event& e) {
    auto& version = versions_[stream];
    auto ack = log_.append({stream, version, {events::encode(e)}, {}});
    ASSERT_TRUE(ack) << ack.error().message();
    ++version;
  }

  std::string account(int i) const {
    return i % 2 == 0 ? "u_a" : "u_b";
  }

  void credit(int i) {
    const auto id = account(i);
    if (i % 5 == 4) {
      append("account/" + id, events::wallet_adjusted{id, -static_cast<std::int64_t>(1000 + i),
                                                      "correction", named("adj_", i)});
      return;
    }
    append("account/" + id,
           events::wallet_credited{id, 1'000'000'000ull + static_cast<std::uint64_t>(i) * 7, 0,
                                   "operator", named("ref_", i)});
  }

  void meter(int i) {
    const auto id = account(i);
    const auto up = static_cast<std::uint64_t>(rng_() % 100'000);
    const auto down = static_cast<std::uint64_t>(rng_() % 1'000'000);
    append("account/" + id,
           events::bytes_metered{id, "key_" + id, named("s", i % 4), i % 3 ? "uk" : "de",
                                 i % 2 ? "bbc" : "", named("n", 1 + i % 3), named("t", i / 4),
                                 static_cast<std::uint64_t>(i % 4), up, down});
  }

  /// Orders created, some paid and activated, some of their leases expired.
  void orders() {
    for (std::uint64_t o = 1; o <= 6; ++o) {
      const auto id = account(static_cast<int>(o));
      const auto stream = "order/" + std::to_string(o);
      append(stream, events::order_created{o,
                                           id,
                                           1,
                                           2,
                                           "Multi Hop Proxy",
                                           "1 Hour",
                                           1000,
                                           "USD",
                                           "hour",
                                           1,
                                           3'600'000,
                                           "private",
                                           1,
                                           {"LAX"}});
      if (o % 3 == 0)
        continue;
      append(stream, events::order_paid{o, id, 1000});
      append(stream, events::order_activated{o, id, o + 10, "2026-12-07T11:00:00.000Z"});
      if (o % 2 == 0)
        append("leases", events::proxy_expired{o + 10, o, id});
    }
  }

  void deliveries() {
    for (int d = 0; d < 4; ++d) {
      const auto id = named("dl_", d);
      append("delivery/" + id, events::webhook_delivery_scheduled{id, "wh_1", "u_a", "balance.low",
                                                                  "evt_" + id, "{}"});
      append("delivery/" + id,
             events::webhook_delivery_attempted{id, "wh_1", "u_a", "balance.low", 1, false, false,
                                                500, 12, "", "2026-11-23T10:00:05.000Z"});
      append("delivery/" + id,
             events::webhook_delivery_attempted{id, "wh_1", "u_a", "balance.low", 2, false, true,
                                                200, 9, "", std::nullopt});
      append("delivery/" + id,
             events::webhook_delivery_completed{id, "wh_1", "u_a", "delivered", 2});
    }
  }

  void sessions_and_nodes(int i) {
    const auto id = account(i);
    const auto session = named("s", i % 5);
    const auto stream = "session/" + id + "/" + session + "/uk";
    const auto node = named("n", 1 + i % 3);
    append(stream, events::session_bound{id, session, "uk", "", node});
    append(stream, events::session_active{id, session, "uk", node, "2026-11-23T10:00:00.000Z"});
    switch (i % 4) {
      case 0:
        append(stream, events::session_rotated{id, session, "uk", node, "requested"});
        break;
      case 1:
        append(stream, events::session_discarded{id, session, "uk", node});
        append("account/" + id, events::exit_node_blacklisted{id, node});
        break;
      case 2:
        append(stream, events::session_expired{id, session, "uk", node});
        break;
      default:
        append("node/" + node, events::node_down{node, "bind_failed", "2026-11-23T10:00:30.000Z"});
        append("node/" + node, events::node_up{node, "cooldown_over"});
        break;
    }
    if (i == 30)
      append("node/n3", events::node_retired{"n3"});
  }

  infra::event_log& log_;
  std::map<std::string, std::uint64_t> versions_;
  std::mt19937_64 rng_{20};
};

/// One read model's state rows and its checkpoint, in key order.
std::vector<std::pair<std::string, std::string>> rows_of(const infra::projection_store& store,
                                                         std::string_view name) {
  auto rows = store.scan(std::string{name} + "/", "", 1'000'000);
  EXPECT_TRUE(rows);
  std::vector<std::pair<std::string, std::string>> out;
  if (rows)
    out = std::move(*rows);
  auto cp = store.checkpoint(name);
  EXPECT_TRUE(cp);
  out.emplace_back("checkpoint", cp ? std::to_string(*cp) : "?");
  return out;
}

class ResumeAfterStop : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    std::string error_text;
    auto s = infra::storage::open({dir_.path(), infra::open_mode::read_write, false}, clock_,
                                  error_text);
    ASSERT_TRUE(s) << error_text;
    storage_ = std::move(*s);
    workload(storage_->log()).write();
    // The reference: the live space, built by a runner that never stops.
    runner reference(storage_->log(), live(), make_all());
    ASSERT_TRUE(reference.catch_up());
  }

  infra::projection_store& live() {
    return storage_->projections(infra::projection_space::live);
  }
  infra::projection_store& scratch() {
    return storage_->projections(infra::projection_space::replay);
  }

  /// Runs into a fresh scratch space until commit `stop_at` fails, then resumes with new
  /// projection objects (nothing in memory survives a kill). Returns the commits attempted.
  std::uint64_t stop_and_resume(std::uint64_t stop_at) {
    EXPECT_TRUE(storage_->reset_replay_space());
    testing_support::stopping_projection_store stopping(scratch(), stop_at);
    {
      runner first(storage_->log(), stopping, make_all(), nullptr, batch_events);
      (void) first.catch_up();
    }
    runner resumed(storage_->log(), scratch(), make_all(), nullptr, batch_events);
    auto end = resumed.catch_up();
    EXPECT_TRUE(end) << "stop at commit " << stop_at;
    if (end) {
      EXPECT_EQ(*end, storage_->log().last_seq());
    }
    return stopping.commits();
  }

  testing_support::temp_dir dir_{"sluice_resume"};
  infra::system_clock clock_;
  std::unique_ptr<infra::storage> storage_;
};

TEST_P(ResumeAfterStop, EqualsARunThatNeverStoppedWhereverTheStopFalls) {
  const auto& name = GetParam();
  const auto expected = rows_of(live(), name);
  ASSERT_GT(expected.size(), 1u) << name << " folds nothing in the workload";
  // A stop past the last commit is a run that never stopped: the loop ends with it.
  for (std::uint64_t stop_at = 1;; ++stop_at) {
    const auto attempted = stop_and_resume(stop_at);
    ASSERT_EQ(rows_of(scratch(), name), expected) << name << ", stopped at commit " << stop_at;
    if (attempted < stop_at)
      break;
  }
}

std::vector<std::string> read_model_names() {
  std::vector<std::string> out;
  for (const auto& p : make_all())
    out.emplace_back(p->name());
  return out;
}

INSTANTIATE_TEST_SUITE_P(EveryReadModel, ResumeAfterStop, ::testing::ValuesIn(read_model_names()),
                         [](const auto& test) { return test.param; });

} // namespace
} // namespace sluice::projections
