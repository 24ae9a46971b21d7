// The ledger read model folded from a real log: entries with signed bytes and the running
// balance the account itself computes, the exact canonical record the hash covers, paging with
// time ranges, and usage per exit node.
#include <gtest/gtest.h>

#include "events/catalogue.hpp"
#include "infra/crypto.hpp"
#include "infra/storage.hpp"
#include "projections/catalogue.hpp"
#include "projections/facade/ledger_queries.hpp"
#include "projections/facade/usage_queries.hpp"
#include "projections/ledger.hpp"
#include "projections/runner.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::projections {
namespace {

events::timestamp at(int hour, int minute = 0) {
  using namespace std::chrono;
  return time_point_cast<milliseconds>(sys_days{year{2026} / November / 20} + hours{hour}
                                       + minutes{minute});
}

class Ledger : public ::testing::Test {
protected:
  void SetUp() override {
    std::string error_text;
    auto s = infra::storage::open({dir_.path(), infra::open_mode::read_write, true}, clock_,
                                  error_text);
    ASSERT_TRUE(s) << error_text;
    storage_ = std::move(*s);
  }

  void append(const events::any_event& e, events::timestamp ts) {
    auto ack = storage_->log().append({"account/u_a", version_++, {events::encode(e)}, ts});
    ASSERT_TRUE(ack) << ack.error().message();
  }

  infra::projection_store& live() {
    return storage_->projections(infra::projection_space::live);
  }

  void catch_up() {
    runner r(storage_->log(), live(), make_all());
    ASSERT_TRUE(r.catch_up());
  }

  std::vector<boost::json::object> all(std::optional<events::timestamp> from = {},
                                       std::optional<events::timestamp> to = {}) {
    std::vector<boost::json::object> out;
    ledger_page_query q;
    q.account_id = "u_a";
    q.from = from;
    q.to = to;
    q.limit = 2;
    for (;;) {
      auto page = ledger_queries(live()).page(q);
      EXPECT_TRUE(page);
      for (auto& e : page->entries)
        out.push_back(std::move(e));
      if (!page->next_after)
        return out;
      q.after_seq = *page->next_after;
    }
  }

  testing_support::temp_dir dir_{"sluice_ledger"};
  infra::system_clock clock_;
  std::unique_ptr<infra::storage> storage_;
  std::uint64_t version_ = 0;
};

TEST_F(Ledger, EntriesCarrySignedBytesAndTheAccountsRunningBalance) {
  append(events::wallet_credited{"u_a", 1000, 0, "welcome, friend", "r1"}, at(9));
  append(events::bytes_metered{"u_a", "key_1", "s1", "uk", "bbc", "uk-1", "t1", 1, 100, 200},
         at(10));
  append(events::traffic_purchased{"u_a", "chk_1", 5000, 1250}, at(11));
  append(events::wallet_adjusted{"u_a", -700, "dispute \"42\", refunded", ""}, at(12));
  append(events::api_key_usage_reset{"key_1", "u_a"}, at(13)); // Moves no wallet: no entry.
  catch_up();
  const auto entries = all();
  ASSERT_EQ(entries.size(), 4U);
  std::vector<std::tuple<std::string, std::int64_t, std::uint64_t>> got;
  for (const auto& e : entries) {
    got.emplace_back(std::string{e.at("type").as_string()}, e.at("bytes").to_number<std::int64_t>(),
                     e.at("balance_bytes").to_number<std::uint64_t>());
  }
  EXPECT_EQ(got, (std::vector<std::tuple<std::string, std::int64_t, std::uint64_t>>{
                   {"credit", 1000, 1000},
                   {"usage", -300, 700},
                   {"purchase", 5000, 5700},
                   {"adjustment", -700, 5000}}));
  EXPECT_TRUE(entries[0].at("amount").is_null());
  EXPECT_EQ(entries[2].at("amount").to_number<std::int64_t>(), 1250);
  EXPECT_EQ(entries[1].at("node").as_string(), "uk-1");
  // The canonical record, byte for byte: CSV of the account and every column but hash.
  EXPECT_EQ(canonical_record("u_a", entries[3]),
            "u_a,4," + std::string{entries[3].at("event_id").as_string()}
              + ",2026-11-20T12:00:00.000Z,adjustment,-700,,5000,,,,,,,,,,,"
                "\"dispute \"\"42\"\", refunded\",");
  std::string previous = genesis_hash;
  for (const auto& e : entries) {
    EXPECT_EQ(e.at("hash").as_string(),
              infra::sha256_hex(previous + canonical_record("u_a", e)));
    previous = std::string{e.at("hash").as_string()};
  }
  auto head = ledger_queries(live()).head("u_a");
  ASSERT_TRUE(head && *head);
  EXPECT_EQ((*head)->balance_bytes, 5000U);
  EXPECT_EQ((*head)->hash, previous);
  EXPECT_EQ((*head)->entries, 4U);
  EXPECT_EQ(*ledger_queries(live()).accounts(), std::vector<std::string>{"u_a"});
}

TEST_F(Ledger, ADebitBeyondTheBalanceStopsAtZeroAsTheAccountDoes) {
  append(events::wallet_credited{"u_a", 100, 0, "", ""}, at(9));
  append(events::bytes_metered{"u_a", "", "s1", "uk", "", "uk-1", "t1", 1, 0, 250}, at(10));
  catch_up();
  const auto entries = all();
  ASSERT_EQ(entries.size(), 2U);
  EXPECT_EQ(entries[1].at("bytes").to_number<std::int64_t>(), -250);
  EXPECT_EQ(entries[1].at("balance_bytes").to_number<std::uint64_t>(), 0U);
}

TEST_F(Ledger, TimeRangesFilterAndPagesFollowTheCursor) {
  for (int h = 0; h < 24; ++h)
    append(events::wallet_credited{"u_a", 10, 0, "", ""}, at(h, 30));
  catch_up();
  EXPECT_EQ(all().size(), 24U);
  const auto morning = all(at(6), at(9));
  ASSERT_EQ(morning.size(), 3U);
  EXPECT_EQ(morning.front().at("ts").as_string(), "2026-11-20T06:30:00.000Z");
  EXPECT_EQ(morning.back().at("ts").as_string(), "2026-11-20T08:30:00.000Z");
  EXPECT_TRUE(all(at(23, 45)).empty());
}

TEST_F(Ledger, UsagePerNodeCountsWholeHours) {
  append(events::bytes_metered{"u_a", "", "s1", "uk", "", "uk-1", "t1", 1, 10, 90}, at(10, 5));
  append(events::bytes_metered{"u_a", "", "s1", "uk", "", "uk-2", "t2", 1, 1, 9}, at(10, 50));
  append(events::bytes_metered{"u_a", "", "s1", "uk", "", "", "t3", 1, 0, 5}, at(11, 0));
  append(events::bytes_metered{"u_a", "", "s1", "uk", "", "uk-1", "t1", 2, 0, 1000}, at(12));
  catch_up();
  auto nodes = usage_queries(live()).by_node(at(10, 20), at(11, 30));
  ASSERT_TRUE(nodes);
  std::vector<std::tuple<std::string, std::uint64_t, std::uint64_t>> got;
  for (const auto& n : *nodes)
    got.emplace_back(n.node, n.bytes_up, n.bytes_down);
  EXPECT_EQ(got, (std::vector<std::tuple<std::string, std::uint64_t, std::uint64_t>>{
                   {"(none)", 0, 5}, {"uk-1", 10, 90}, {"uk-2", 1, 9}}));
  EXPECT_TRUE(usage_queries(live()).by_node(at(13), at(14))->empty());
}

} // namespace
} // namespace sluice::projections
