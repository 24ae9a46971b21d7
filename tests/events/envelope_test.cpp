// The envelope codec round-trips every field exactly; the catalogue keeps unknown types.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "events/catalogue.hpp"
#include "events/envelope.hpp"

namespace sluice::events {
namespace {

envelope sample() {
  envelope e;
  e.seq = 18'446'744'073'709'551'615ULL; // The largest u64 must survive JSON.
  e.id = "evt_6f1c2a9e-2d4b-4c11-9a53-0c1d2e3f4a5b";
  e.type = "BytesMetered";
  e.stream = "account/u_abc123";
  e.version = 17;
  e.ts = *parse_timestamp("2026-11-23T10:00:00.123Z");
  e.data
    = boost::json::parse(R"({"up":1,"down":-2,"s":"é\"\\","n":null,"a":[1.5,true]})").as_object();
  return e;
}

TEST(Envelope, RoundTripsEveryFieldExactly) {
  const auto e = sample();
  const auto text = to_json(e);
  auto back = envelope_from_json(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, e);
  EXPECT_EQ(to_json(*back), text);
}

TEST(Envelope, WritesTheDesignFieldOrderAndTimestampForm) {
  auto e = sample();
  e.seq = 123;
  e.data = boost::json::object{};
  EXPECT_EQ(
    to_json(e),
    R"({"seq":123,"id":"evt_6f1c2a9e-2d4b-4c11-9a53-0c1d2e3f4a5b","type":"BytesMetered",)"
    R"("stream":"account/u_abc123","version":17,"ts":"2026-11-23T10:00:00.123Z","data":{}})");
}

TEST(Envelope, RejectsMissingOrMistypedFields) {
  // One field missing or mistyped per row; TS is a valid timestamp.
  const std::string ts = R"("ts":"2026-11-23T10:00:00.123Z")";
  const std::string bad[] = {
    "not json",
    "[]",
    R"({"id":"e","type":"T","stream":"s","version":1,)" + ts + R"(,"data":{}})",
    R"({"seq":-1,"id":"e","type":"T","stream":"s","version":1,)" + ts + R"(,"data":{}})",
    R"({"seq":1,"id":"e","type":"T","stream":"s","version":1,"ts":"2026-11-23 10:00","data":{}})",
    R"({"seq":1,"id":"e","type":"T","stream":"s","version":1,)" + ts + R"(,"data":[]})",
    R"({"seq":1,"id":7,"type":"T","stream":"s","version":1,)" + ts + R"(,"data":{}})",
  };
  for (const auto& text : bad) {
    auto r = envelope_from_json(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error(), errc::corrupt_data) << text;
  }
}

TEST(Timestamp, ParsesOnlyTheCanonicalForm) {
  EXPECT_EQ(format_timestamp(*parse_timestamp("2024-02-29T23:59:59.999Z")),
            "2024-02-29T23:59:59.999Z");
  EXPECT_FALSE(parse_timestamp("2023-02-29T00:00:00.000Z")); // Not a leap year.
  EXPECT_FALSE(parse_timestamp("2026-11-23T24:00:00.000Z"));
  EXPECT_FALSE(parse_timestamp("2026-11-23T10:00:00Z"));
  EXPECT_FALSE(parse_timestamp("2026-11-23T10:00:00.123+01:00"));
}

TEST(Catalogue, EncodesAndDecodesEveryKnownType) {
  const any_event all[] = {
    account_created{"u_1", "A@x.io", "$argon2id$...", "b2b", "Acme Ltd"},
    email_claimed{"a@x.io", "u_1"},
    wallet_credited{"u_1", 1'000'000'000, 500, "topup", "pay_1"},
    api_key_minted{"key_1", "u_1", "sk_live_", "ci", "sk_live_abcd", "ff00", "sealed", 1000,
                   std::nullopt},
    api_key_minted{"key_2", "u_1", "rv_", "", "rv_abcd", "ff01", "sealed", std::nullopt,
                   std::nullopt},
    api_key_revoked{"key_1", "u_1"},
    api_key_quota_set{"key_1", "u_1", std::nullopt},
    api_key_usage_reset{"key_1", "u_1"},
    api_key_minted{"key_3", "u_1", "rv_", "r", "rv_efgh", "ff02", "sealed", std::nullopt, 4},
    order_created{7,
                  "u_1",
                  1,
                  2,
                  "Multi Hop Proxy",
                  "24 Hour",
                  2000,
                  "USD",
                  "day",
                  1,
                  86'400'000,
                  "private",
                  1,
                  {"LAX", "NYC"}},
    order_paid{7, "u_1", 2000},
    order_activated{7, "u_1", 3, "2026-12-08T10:00:00.000Z"},
    proxy_provisioned{3, 7, "u_1", 1, "0A1B-2026-12-07", "private", 1, "LAX", "lax-1",
                      "proxy.example.test", 20000, "u3k9q", "sealed", "2026-12-08T10:00:00.000Z"},
    proxy_expired{3, 7, "u_1"},
    id_issued{"order", 7},
  };
  for (const auto& e : all) {
    const auto data = encode(e);
    EXPECT_EQ(data.type, type_name(e));
    auto back = decode(data.type, data.data);
    ASSERT_TRUE(back) << data.type;
    EXPECT_EQ(encode(*back).data, data.data) << data.type;
    EXPECT_EQ(back->index(), e.index());
  }
}

TEST(Catalogue, KeepsUnknownTypesVerbatim) {
  const auto data = boost::json::parse(R"({"future_field":[1,2,3]})").as_object();
  auto e = decode("SomethingFromANewerBuild", data);
  ASSERT_TRUE(e);
  ASSERT_TRUE(std::holds_alternative<unknown_event>(*e));
  const auto again = encode(*e);
  EXPECT_EQ(again.type, "SomethingFromANewerBuild");
  EXPECT_EQ(again.data, data);
}

TEST(Catalogue, ToleratesExtraFieldsAndMissingOptionalOnes) {
  auto e
    = decode("ApiKeyQuotaSet",
             boost::json::parse(R"({"key_id":"k","account_id":"u","added_later":1})").as_object());
  ASSERT_TRUE(e);
  EXPECT_FALSE(std::get<api_key_quota_set>(*e).quota_bytes.has_value());
}

TEST(Catalogue, RejectsAKnownTypeWithMistypedFields) {
  auto e = decode("WalletCredited",
                  boost::json::parse(R"({"account_id":"u","traffic_bytes":-5,"money_minor":0,)"
                                     R"("reason":"","reference":""})")
                    .as_object());
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error(), errc::corrupt_data);
  auto missing = decode("AccountCreated", boost::json::parse(R"({"account_id":"u"})").as_object());
  EXPECT_FALSE(missing);
}

} // namespace
} // namespace sluice::events
