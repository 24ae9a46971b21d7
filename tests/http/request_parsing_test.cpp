// The pieces every REST route leans on: path parameters, body fields with named errors, money
// and query strings, the login brake and the number format of response bodies.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>

#include "http/api/body_reader.hpp"
#include "http/api/json_text.hpp"
#include "http/api/login_limiter.hpp"
#include "http/api/query_params.hpp"
#include "http/api/work_budget.hpp"
#include "http/server/router.hpp"

namespace sluice::http {
namespace {

request post(std::string target, std::string body) {
  request req{boost::beast::http::verb::post, target, 11};
  req.body() = std::move(body);
  return req;
}

response run(const router& r, const request& req) {
  boost::asio::io_context io;
  auto f = boost::asio::co_spawn(io, r.dispatch(req), boost::asio::use_future);
  io.run();
  return f.get().head;
}

TEST(Router, PassesPathParametersAndPrefersLiteralRoutes) {
  router r;
  auto echo = [](std::string tag) {
    return [tag](const request& req, const path_params& p) -> boost::asio::awaitable<response> {
      response res{status_code::ok, req.version()};
      res.body() = tag;
      for (const auto& x : p)
        res.body() += "|" + x;
      co_return res;
    };
  };
  r.add(boost::beast::http::verb::post, "/v1/keys/{id}/quota", echo("quota"));
  r.add(boost::beast::http::verb::post, "/v1/keys/{id}", echo("key"));
  r.add(boost::beast::http::verb::post, "/v1/keys/special", echo("special"));
  EXPECT_EQ(run(r, post("/v1/keys/key_1/quota?x=1", "")).body(), "quota|key_1");
  EXPECT_EQ(run(r, post("/v1/keys/key_2", "")).body(), "key|key_2");
  EXPECT_EQ(run(r, post("/v1/keys/special", "")).body(), "special");
  EXPECT_EQ(run(r, post("/v1/keys/", "")).result(), status_code::not_found);
  EXPECT_EQ(run(r, post("/v1/keys/a/b/c", "")).result(), status_code::not_found);
  request get{boost::beast::http::verb::get, "/v1/keys/key_1", 11};
  EXPECT_EQ(run(r, get).result(), status_code::method_not_allowed);
}

TEST(BodyReader, NamesTheFirstBadField) {
  body_reader bad_json(post("/", "{nope"));
  EXPECT_EQ(bad_json.error(), "body: invalid JSON");
  body_reader not_object(post("/", "[1]"));
  EXPECT_EQ(not_object.error(), "body: must be a JSON object");

  body_reader b(post("/", R"({"label":7,"quota_gb":"x"})"));
  b.required_string("label");
  b.optional_number("quota_gb");
  EXPECT_EQ(b.error(), "label: must be a string");

  body_reader missing(post("/", "{}"));
  missing.required_string("email");
  EXPECT_EQ(missing.error(), "email: is required");

  body_reader nullable(post("/", R"({"quota_gb":null,"reset_used":true})"));
  auto q = nullable.nullable_number("quota_gb");
  ASSERT_TRUE(q.has_value());
  EXPECT_FALSE(q->has_value());
  EXPECT_TRUE(nullable.optional_bool("reset_used", false));
  EXPECT_FALSE(nullable.nullable_number("absent").has_value());
  EXPECT_TRUE(nullable.ok());
}

TEST(BodyReader, ReadsMoneyAsAStringOrANumberWithTwoDecimalsAtMost) {
  const std::pair<const char*, std::int64_t> good[]
    = {{R"({"amount":"10.00"})", 1000}, {R"({"amount":"10"})", 1000}, {R"({"amount":10})", 1000},
       {R"({"amount":10.5})", 1050},    {R"({"amount":0.07})", 7},    {R"({"amount":"0.1"})", 10}};
  for (const auto& [body, minor] : good) {
    body_reader b(post("/", body));
    EXPECT_EQ(b.required_money("amount"), minor) << body;
    EXPECT_TRUE(b.ok()) << body;
  }
  for (const auto* body :
       {R"({"amount":"10.001"})", R"({"amount":10.001})", R"({"amount":"-5"})",
        R"({"amount":"ten"})", R"({"amount":true})", R"({"amount":"1e3"})", R"({})"}) {
    body_reader b(post("/", body));
    b.required_money("amount");
    EXPECT_TRUE(b.error().starts_with("amount: ")) << body;
  }
}

TEST(QueryParams, DecodesPairsAndDates) {
  auto req = post("/x?from=2026-11-01&to=2026-11-30&key_id=key%5F1&flag&a+b=c+d", "");
  auto q = query_params(req);
  EXPECT_EQ(q["from"], "2026-11-01");
  EXPECT_EQ(q["key_id"], "key_1");
  EXPECT_EQ(q["flag"], "");
  EXPECT_EQ(q["a b"], "c d");
  EXPECT_TRUE(parse_date("2028-02-29"));
  for (const auto* bad : {"2026-02-29", "2026-13-01", "2026-1-01", "20261101", "2026-11-0x"}) {
    EXPECT_FALSE(parse_date(bad)) << bad;
  }
}

TEST(LoginLimiter, RefusesTheEleventhFailureWithinAMinuteThenForgives) {
  login_limiter limiter;
  const auto t0 = login_limiter::clock::time_point{} + std::chrono::hours{1};
  for (int i = 0; i < 10; ++i) {
    const auto at = t0 + std::chrono::seconds{i};
    EXPECT_EQ(limiter.begin_attempt("a@x.io", at).count(), 0) << i;
    limiter.finish_failed("a@x.io", at);
  }
  EXPECT_EQ(limiter.begin_attempt("a@x.io", t0 + std::chrono::seconds{10}).count(), 50);
  EXPECT_EQ(limiter.begin_attempt("b@x.io", t0 + std::chrono::seconds{10}).count(), 0);
  // The first failure ages out after 60 s: one more attempt may proceed.
  EXPECT_EQ(limiter.begin_attempt("a@x.io", t0 + std::chrono::seconds{60}).count(), 0);
  limiter.finish_succeeded("a@x.io");
  EXPECT_EQ(limiter.begin_attempt("a@x.io", t0 + std::chrono::seconds{61}).count(), 0);
}

TEST(LoginLimiter, CountsAttemptsStillBeingCheckedSoParallelGuessesCannotSlipPast) {
  login_limiter limiter;
  const auto t0 = login_limiter::clock::time_point{} + std::chrono::hours{1};
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(limiter.begin_attempt("a@x.io", t0).count(), 0) << i;
  EXPECT_GT(limiter.begin_attempt("a@x.io", t0).count(), 0); // The 11th, before any verdict.
  limiter.finish_abandoned("a@x.io");                        // An error: no longer counted.
  EXPECT_EQ(limiter.begin_attempt("a@x.io", t0).count(), 0);
}

TEST(WorkBudget, RefusesBeyondItsCapAndFreesSlotsWhenTheyEnd) {
  work_budget budget(2);
  auto a = budget.take();
  auto b = budget.take();
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
  EXPECT_FALSE(budget.take());
  {
    auto moved = std::move(a);
    EXPECT_TRUE(moved);
    EXPECT_FALSE(budget.take());
  } // `moved` ends: its unit returns.
  EXPECT_TRUE(budget.take());
}

TEST(JsonText, WritesDoublesPlainAndEverythingElseAsBoostJsonDoes) {
  auto v
    = boost::json::parse(R"({"gb":0.94,"zero":0.0,"q":0.001,"n":50,"s":"a\"b","a":[1.5,null]})");
  EXPECT_EQ(to_json_text(v), R"({"gb":0.94,"zero":0,"q":0.001,"n":50,"s":"a\"b","a":[1.5,null]})");
}

} // namespace
} // namespace sluice::http
