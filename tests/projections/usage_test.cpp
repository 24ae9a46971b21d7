// The usage, key-tally and webhook read models folded from a real log, and the queries the
// REST API runs on them.
#include <gtest/gtest.h>

#include "events/catalogue.hpp"
#include "infra/storage.hpp"
#include "projections/catalogue.hpp"
#include "projections/facade/queries.hpp"
#include "projections/facade/usage_queries.hpp"
#include "projections/runner.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::projections {
namespace {

using std::chrono::hours;

events::timestamp at(int day, int hour, int minute = 0) {
  using namespace std::chrono;
  return time_point_cast<milliseconds>(sys_days{year{2026} / November / day} + hours{hour}
                                       + minutes{minute});
}

class Usage : public ::testing::Test {
protected:
  void SetUp() override {
    std::string error_text;
    auto s = infra::storage::open({dir_.path(), infra::open_mode::read_write, true}, clock_,
                                  error_text);
    ASSERT_TRUE(s) << error_text;
    storage_ = std::move(*s);
  }

  void append(const std::string& stream, const events::any_event& e, events::timestamp ts = {}) {
    const auto version = versions_[stream]++;
    auto ack = storage_->log().append({stream, version, {events::encode(e)}, ts});
    ASSERT_TRUE(ack) << ack.error().message();
  }

  void meter(const std::string& key, const std::string& country, const std::string& service,
             std::uint64_t up, std::uint64_t down, events::timestamp ts) {
    append("account/u_a",
           events::bytes_metered{"u_a", key, "s1", country, service, "n1", "t1", ++reports_, up,
                                 down},
           ts);
  }

  infra::projection_store& live() {
    return storage_->projections(infra::projection_space::live);
  }

  void catch_up() {
    runner r(storage_->log(), live(), make_all());
    ASSERT_TRUE(r.catch_up());
  }

  std::vector<usage_row> totals(usage_grouping by, events::timestamp from, events::timestamp until,
                                std::optional<std::string> key = {}) {
    auto rows = usage_queries(live()).totals({"u_a", from, until, std::move(key), by});
    EXPECT_TRUE(rows);
    return rows ? *rows : std::vector<usage_row>{};
  }

  testing_support::temp_dir dir_{"sluice_usage"};
  infra::system_clock clock_;
  std::unique_ptr<infra::storage> storage_;
  std::map<std::string, std::uint64_t> versions_;
  std::uint64_t reports_ = 0;
};

TEST_F(Usage, AggregatesByDayHourCountryAndServiceWithinTheRange) {
  meter("key_1", "uk", "bbc", 100, 900, at(20, 10, 15));
  meter("key_1", "uk", "bbc", 1, 9, at(20, 10, 45));
  meter("key_2", "de", "", 50, 50, at(20, 23, 59));
  meter("key_1", "uk", "netflix", 5, 5, at(21, 0, 0));
  meter("key_1", "uk", "bbc", 7, 7, at(19, 23, 0)); // Before the range.
  meter("key_1", "uk", "bbc", 8, 8, at(22, 0, 0));  // At its (exclusive) end.
  catch_up();
  const auto from = at(20, 0);
  const auto until = at(22, 0);

  const auto days = totals(usage_grouping::day, from, until);
  ASSERT_EQ(days.size(), 2U);
  EXPECT_EQ(days[0].group, "2026-11-20");
  EXPECT_EQ(days[0].bytes_up, 151U);
  EXPECT_EQ(days[0].bytes_down, 959U);
  EXPECT_EQ(days[1].group, "2026-11-21");
  EXPECT_EQ(days[1].bytes_up + days[1].bytes_down, 10U);

  const auto hours_rows = totals(usage_grouping::hour, from, until);
  ASSERT_EQ(hours_rows.size(), 3U);
  EXPECT_EQ(hours_rows[0].group, "2026-11-20T10:00:00.000Z");
  EXPECT_EQ(hours_rows[0].bytes_up + hours_rows[0].bytes_down, 1010U);
  EXPECT_EQ(hours_rows[1].group, "2026-11-20T23:00:00.000Z");

  const auto countries = totals(usage_grouping::country, from, until);
  ASSERT_EQ(countries.size(), 2U);
  EXPECT_EQ(countries[0].group, "de");
  EXPECT_EQ(countries[1].group, "uk");
  EXPECT_EQ(countries[1].bytes_up + countries[1].bytes_down, 1020U);

  const auto services = totals(usage_grouping::service, from, until);
  ASSERT_EQ(services.size(), 3U);
  EXPECT_EQ(services[0].group, ""); // Untagged traffic sorts first.
  EXPECT_EQ(services[1].group, "bbc");
  EXPECT_EQ(services[2].group, "netflix");

  const auto only_key2 = totals(usage_grouping::day, from, until, "key_2");
  ASSERT_EQ(only_key2.size(), 1U);
  EXPECT_EQ(only_key2[0].bytes_up, 50U);
}

TEST_F(Usage, TalliesMeteredBytesOnTheKeyUntilItIsReset) {
  append("apikey/key_1", events::api_key_minted{"key_1", "u_a", "sk_live_", "l", "sk_live_abcd",
                                                "ff", "sealed", std::nullopt, std::nullopt});
  meter("key_1", "uk", "bbc", 100, 900, at(20, 10));
  meter("key_unknown", "uk", "bbc", 5, 5, at(20, 11)); // No such key: the wallet's alone.
  catch_up();
  auto key = queries(live()).key_of_account("u_a", "key_1");
  ASSERT_TRUE(key && *key);
  EXPECT_EQ((*key)->used_bytes, 1000U);
  EXPECT_EQ((*key)->last_used_at, "2026-11-20T10:00:00.000Z");

  append("apikey/key_1", events::api_key_usage_reset{"key_1", "u_a"});
  catch_up();
  key = queries(live()).key_of_account("u_a", "key_1");
  EXPECT_EQ((*key)->used_bytes, 0U);
  EXPECT_FALSE(*queries(live()).key_of_account("u_b", "key_1")); // Another account's: none.
}

TEST_F(Usage, ListsRegisteredWebhooksUntilDeleted) {
  append("webhook/wh_1",
         events::webhook_registered{"wh_1", "u_a", "https://x.example/h", {"balance.low"}, "s"});
  append("webhook/wh_2",
         events::webhook_registered{"wh_2", "u_a", "https://y.example/h", {"balance.empty"}, "s"});
  append("webhook/wh_1", events::webhook_deleted{"wh_1", "u_a"});
  catch_up();
  auto hooks = queries(live()).webhooks_of_account("u_a", 10);
  ASSERT_TRUE(hooks);
  ASSERT_EQ(hooks->size(), 1U);
  EXPECT_EQ((*hooks)[0].webhook_id, "wh_2");
  EXPECT_EQ((*hooks)[0].events, std::vector<std::string>{"balance.empty"});
  EXPECT_TRUE(queries(live()).webhooks_of_account("u_b", 10)->empty());
}

} // namespace
} // namespace sluice::projections
