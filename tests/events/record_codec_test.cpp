// The record codec derived from Boost.Describe: what it writes, that it reads it back equal, and
// how it treats what older and newer builds wrote (absent members keep their defaults, unknown
// keys are ignored, a mistyped member is corrupt data).
#include <gtest/gtest.h>

#include <boost/describe/class.hpp>

#include "events/record_codec.hpp"

namespace sluice::events {
namespace {

struct allowance {
  std::optional<std::uint64_t> quota_bytes;
  std::uint64_t used_bytes = 0;
  bool operator==(const allowance&) const = default;
};
BOOST_DESCRIBE_STRUCT(allowance, (), (quota_bytes, used_bytes))

/// Kept as its list (has_record_form), like a bounded set of references.
struct recent {
  std::vector<std::string> items;
  std::vector<std::string> record_form() const {
    return items;
  }
  static recent from_record_form(std::vector<std::string> form) {
    return recent{std::move(form)};
  }
  bool operator==(const recent&) const = default;
};

struct sample {
  std::string id;
  std::int64_t balance = 0;
  std::uint64_t version = 0;
  bool flag = false;
  timestamp at{};
  std::optional<timestamp> done_at;
  std::vector<std::string> tags;
  std::set<std::string> names;
  std::map<std::string, allowance> keys;
  recent references;
  bool operator==(const sample&) const = default;
};
BOOST_DESCRIBE_STRUCT(sample, (),
                      (id, balance, version, flag, at, done_at, tags, names, keys, references))

sample full() {
  sample s;
  s.id = "u_1";
  s.balance = -42;
  s.version = 18'446'744'073'709'551'615ULL;
  s.flag = true;
  s.at = *parse_timestamp("2026-12-07T10:00:00.123Z");
  s.tags = {"b", "a"};
  s.names = {"x", "y"};
  s.keys["key_1"] = allowance{5, 3};
  s.keys["key_2"] = allowance{std::nullopt, 7};
  s.references = recent{{"r2", "r1"}};
  return s;
}

TEST(RecordCodec, WritesEveryMemberUnderItsNameAndReadsItBackEqual) {
  const auto s = full();
  const auto json = record_to_json(s);
  EXPECT_EQ(boost::json::serialize(json),
            R"({"id":"u_1","balance":-42,"version":18446744073709551615,"flag":true,)"
            R"("at":"2026-12-07T10:00:00.123Z","done_at":null,"tags":["b","a"],)"
            R"("names":["x","y"],"keys":{"key_1":{"quota_bytes":5,"used_bytes":3},)"
            R"("key_2":{"quota_bytes":null,"used_bytes":7}},"references":["r2","r1"]})");
  auto back = decode_record<sample>(encode_record(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s);
}

TEST(RecordCodec, AnAbsentMemberKeepsItsDefaultAndAnUnknownKeyIsIgnored) {
  auto back = decode_record<sample>(R"({"id":"u_2","balance":7,"written_by":"a newer build"})");
  ASSERT_TRUE(back);
  sample expected;
  expected.id = "u_2";
  expected.balance = 7;
  EXPECT_EQ(*back, expected);
}

TEST(RecordCodec, AMistypedMemberOrNoObjectIsCorruptData) {
  for (const char* text : {R"({"balance":"7"})", R"({"at":"yesterday"})", R"({"tags":"a"})",
                           R"({"keys":{"k":{"used_bytes":-1}}})", R"({"flag":1})",
                           R"({"references":[1]})", "[]", "not json"}) {
    auto r = decode_record<sample>(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error(), errc::corrupt_data) << text;
  }
}

} // namespace
} // namespace sluice::events
