// The routing username of seed 000 §03 and the streaming allow-list of §04.
#include <gtest/gtest.h>

#include "gateway/credentials/routing_username.hpp"
#include "gateway/policy/allow_list.hpp"

namespace sluice::gateway {
namespace {

TEST(RoutingUsername, ParsesTheDocumentsExamples) {
  auto r = parse_routing_username("vela", "vela-u_abc123-session-s0001-country-uk");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->account, "u_abc123");
  EXPECT_EQ(r->session, "s0001");
  EXPECT_EQ(r->country, "uk");
  EXPECT_EQ(r->service, "");
  auto s = parse_routing_username("vela",
                                  "vela-u_abc123-session-enduser_4471-country-uk-service-bbc");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->session, "enduser_4471");
  EXPECT_EQ(s->service, "bbc");
  // Any tag the configuration accepts ([a-z0-9_]) can be named.
  auto t = parse_routing_username("vela", "vela-u_a-session-s1-country-uk-service-sky_go2");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->service, "sky_go2");
  // The prefix is matched as configured, '-' and capitals included.
  auto u = parse_routing_username("Acme-2", "Acme-2-u_a-session-s1-country-uk");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->account, "u_a");
  EXPECT_FALSE(parse_routing_username("Acme-2", "acme-2-u_a-session-s1-country-uk"));
}

TEST(RoutingUsername, RefusesEverythingElse) {
  const std::string long_session(65, 'a');
  for (const std::string& bad : std::vector<std::string>{
         "", "vela", "vela-", "other-u_a-session-s-country-uk", "vela-u_a-session-s-country-ukk",
         "vela-u_a-session-s-country-u1", "vela-u_a-country-uk-session-s",
         "vela-u_a-session--country-uk", "vela-u_a-session-S1-country-uk",
         "vela-u_a-session-s-country-uk-service-", "vela-u_a-session-s-country-uk-svc-bbc",
         "vela-u_a-session-s-country-uk-service-bbc-extra", "velax-u_a-session-s-country-uk",
         "vela-u_a-session-" + long_session + "-country-uk", "vela-u a-session-s-country-uk"}) {
    EXPECT_FALSE(parse_routing_username("vela", bad)) << bad;
  }
  EXPECT_TRUE(
    parse_routing_username("vela", "vela-u_a-session-" + long_session.substr(1) + "-country-uk"));
}

TEST(AllowList, MatchesHostSuffixesOnLabelBoundaries) {
  const allow_list list(infra::default_services());
  EXPECT_TRUE(list.allows_name("www.bbc.co.uk"));
  EXPECT_TRUE(list.allows_name("bbc.co.uk"));
  EXPECT_TRUE(list.allows_name("WWW.BBC.CO.UK."));
  EXPECT_FALSE(list.allows_name("evilbbc.co.uk"));
  EXPECT_FALSE(list.allows_name("bbc.co.uk.evil.com"));
  EXPECT_FALSE(list.allows_name("example.com"));
  EXPECT_TRUE(list.allows_name("www.bbc.co.uk", "bbc"));
  EXPECT_FALSE(list.allows_name("www.bbc.co.uk", "netflix"));
  EXPECT_TRUE(list.knows_service("netflix"));
  EXPECT_FALSE(list.knows_service("youtube"));
}

TEST(AllowList, LetsIpLiteralsThroughOnlyInsideAServicesCidrs) {
  std::map<std::string, infra::service_config> services{
    {"bbc", {{"bbc.co.uk"}, {"212.58.224.0/19", "2a04:4e42::/32"}}},
    {"netflix", {{"netflix.com"}, {}}}};
  const allow_list list(services);
  const auto in = boost::asio::ip::make_address("212.58.244.1");
  const auto out = boost::asio::ip::make_address("212.58.192.1");
  EXPECT_TRUE(list.allows_address(in));
  EXPECT_TRUE(list.allows_address(in, "bbc"));
  EXPECT_FALSE(list.allows_address(in, "netflix"));
  EXPECT_FALSE(list.allows_address(out));
  EXPECT_TRUE(list.allows_address(boost::asio::ip::make_address("2a04:4e42:1::5")));
  EXPECT_FALSE(list.allows_address(boost::asio::ip::make_address("2a05::1")));
}

} // namespace
} // namespace sluice::gateway
