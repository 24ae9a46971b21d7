// Read-model rows are written by the record codec (events/record_codec.hpp) since 2026-12-07.
// Rows written before must read back, and new rows must be byte for byte what the hand-written
// writers stored, or `sluice replay --check` would report every upgraded store as different.
#include <gtest/gtest.h>

#include "events/catalogue.hpp"
#include "infra/storage.hpp"
#include "projections/api_keys.hpp"
#include "projections/catalogue.hpp"
#include "projections/exit_nodes.hpp"
#include "projections/runner.hpp"
#include "projections/sessions.hpp"
#include "projections/webhook_deliveries.hpp"
#include "projections/webhooks.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::projections {
namespace {

class StoredRows : public ::testing::Test {
protected:
  void SetUp() override {
    std::string error_text;
    auto s = infra::storage::open({dir_.path(), infra::open_mode::read_write, true}, clock_,
                                  error_text);
    ASSERT_TRUE(s) << error_text;
    storage_ = std::move(*s);
  }

  /// Appends `e` and returns its timestamp as the envelope has it.
  std::string append(const std::string& stream, std::uint64_t expected,
                     const events::any_event& e) {
    auto ack = storage_->log().append({stream, expected, {events::encode(e)}, {}});
    EXPECT_TRUE(ack);
    auto stored = storage_->log().read_stream(stream, expected + 1, 1);
    EXPECT_TRUE(stored && stored->size() == 1);
    return events::format_timestamp(stored->at(0).ts);
  }

  std::string row(const std::string& key) {
    auto stored = storage_->projections(infra::projection_space::live).get(key);
    EXPECT_TRUE(stored && *stored) << key;
    return stored && *stored ? **stored : std::string{};
  }

  void catch_up() {
    runner r(storage_->log(), storage_->projections(infra::projection_space::live), make_all());
    ASSERT_TRUE(r.catch_up());
  }

  testing_support::temp_dir dir_{"sluice_rows"};
  infra::system_clock clock_;
  std::unique_ptr<infra::storage> storage_;
};

// The rows as the hand-written writers stored them, plus `serial` (issue #21), which rows
// written before it lack and read back as absent.
TEST_F(StoredRows, AKeysRowsAreWhatTheHandWrittenWritersStored) {
  const auto minted = append("apikey/key_1", 0,
                             events::api_key_minted{"key_1", "u_a", "rv_", "one", "rv_abcd", "h1",
                                                    "s", std::nullopt, 7});
  catch_up();
  EXPECT_EQ(row(api_keys::listing_key("u_a", "key_1")),
            R"({"id":"key_1","label":"one","prefix":"rv_abcd","family":"rv_",)"
            R"("secret_sha256":"h1","used_bytes":0,"revoked":false,"last_used_at":null,)"
            R"("created_at":")"
              + minted + R"(","quota_bytes":null,"serial":7})");
  EXPECT_EQ(row(api_keys::by_hash_key("h1")),
            R"({"key_id":"key_1","account_id":"u_a","family":"rv_","revoked":false})");
}

TEST_F(StoredRows, WebhookAndDeliveryRowsAreWhatTheHandWrittenWritersStored) {
  const auto registered = append(
    "webhook/wh_1", 0,
    events::webhook_registered{"wh_1", "u_a", "https://x.example/h", {"balance.low"}, "sealed"});
  catch_up();
  EXPECT_EQ(row(webhooks::listing_key("u_a", "wh_1")),
            R"({"id":"wh_1","url":"https://x.example/h","events":["balance.low"],)"
            R"("active":true,"created_at":")"
              + registered + R"("})");
  append("delivery/dlv_1", 0,
         events::webhook_delivery_attempted{"dlv_1", "wh_1", "u_a", "balance.low", 1, false, true,
                                            200, 0, "", std::nullopt});
  catch_up();
  auto rows = storage_->projections(infra::projection_space::live)
                .scan(webhook_deliveries::rows_prefix("wh_1"), {}, 10);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1U);
  const auto& stored = rows->front().second;
  const auto at = stored.find("attempted_at");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(stored.substr(0, at), R"({"id":"dlv_1","event":"balance.low","success":true,)"
                                  R"("response_status":200,")");
  EXPECT_EQ(stored.substr(at + 40), R"(,"duration_ms":0,"error":"","attempt":1,"manual":false})");
}

TEST_F(StoredRows, SessionAndExitNodeRowsAreWhatTheHandWrittenWritersStored) {
  const auto bound = append("session/u_a/s1/uk", 0,
                            events::session_bound{"u_a", "s1", "uk", "", "uk-1"});
  const auto registered = append("node/uk-1", 0,
                                 events::node_registered{"uk-1", "uk", "direct", {"bbc"}});
  catch_up();
  EXPECT_EQ(row(sessions::listing_key("u_a", "s1", "uk")),
            R"({"session":"s1","country":"uk","service":"","node":"uk-1","bound_at":")" + bound
              + R"(","last_active_at":")" + bound + R"(","bytes":0})");
  EXPECT_EQ(row(exit_nodes::key("uk-1")),
            R"({"node":"uk-1","country":"uk","kind":"direct","services":["bbc"],"status":"up",)"
            R"("down_until":null,"down_reason":null,"registered_at":")"
              + registered + R"(","updated_at":")" + registered + R"("})");
}

} // namespace
} // namespace sluice::projections
