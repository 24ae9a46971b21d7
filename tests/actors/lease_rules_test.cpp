// Where leases go and when they end: the first node with room at the first location that has
// one, private alone on its node, shared up to max_leases and never beside a private one, down
// nodes passed over, the lowest free port, sold out when no node or no port is free; a lease
// expires once, at its instant; the lease book fold survives its snapshot. And the order rules
// that feed it: catalogue lookups, the period in time, payable states.
#include <gtest/gtest.h>

#include "actors/lease/lease_rules.hpp"
#include "actors/order/order_rules.hpp"

namespace sluice::actors {
namespace {

using namespace std::chrono_literals;

const events::timestamp t0 = *events::parse_timestamp("2026-12-07T10:00:00.000Z");

lease_catalogue catalogue(std::uint16_t first_port = 20000, std::uint16_t last_port = 20009) {
  lease_catalogue c;
  c.locations = {{"LAX", "Los Angeles", false, ""}, {"NYC", "New York", true, "203.0.113.7"}};
  c.dedicated.public_host = "proxy.example.test";
  c.dedicated.first_port = first_port;
  c.dedicated.last_port = last_port;
  c.dedicated.period_unit = 2s;
  infra::product_config p;
  p.id = 1;
  p.name = "Multi Hop Proxy";
  p.locations = {"LAX", "NYC"};
  p.pricing = {{7, "1 Hour", 1000, "hour", 1}, {8, "2 Weeks", 20000, "week", 2}};
  c.products = {p};
  return c;
}

const std::vector<exit_node_info> nodes{{"lax-1", "", {}, "direct", "LAX"},
                                        {"lax-2", "", {}, "direct", "LAX"},
                                        {"nyc-1", "us", {}, "direct", "NYC"}};

bool any_node(const std::string&) {
  return true;
}

lease_request request(std::uint64_t order_id, std::string type = "private",
                      std::uint32_t max_leases = 1) {
  lease_request r;
  r.order_id = order_id;
  r.account_id = "u_a";
  r.product_id = 1;
  r.connection_type = std::move(type);
  r.max_leases = max_leases;
  r.locations = {"LAX", "NYC"};
  r.amount_minor = 1000;
  r.period_ms = 2000;
  return r;
}

/// Places and provisions `r` in `book`; the placement.
lease_placement provision(lease_book_state& book, const lease_request& r) {
  auto placed = place_lease(book, r, catalogue(), nodes, any_node);
  EXPECT_TRUE(placed);
  const lease_secrets secrets{"0A1B-2026-12-07", "u1", "pw", "sealed"};
  evolve(book, decide_provision(book, r, *placed, secrets, t0), t0);
  return *placed;
}

TEST(LeaseRules, PrivateLeasesFillNodesInOrderThenSellOut) {
  lease_book_state book;
  auto a = provision(book, request(1));
  auto b = provision(book, request(2));
  auto c = provision(book, request(3));
  EXPECT_EQ((std::vector<std::string>{a.node, b.node, c.node}),
            (std::vector<std::string>{"lax-1", "lax-2", "nyc-1"}));
  EXPECT_EQ((std::vector<int>{a.port, b.port, c.port}), (std::vector<int>{20000, 20001, 20002}));
  EXPECT_EQ(a.host, "proxy.example.test");
  EXPECT_EQ(c.host, "203.0.113.7");
  EXPECT_EQ(place_lease(book, request(4), catalogue(), nodes, any_node).error(),
            make_error_code(errc::sold_out));
  EXPECT_EQ(book.last_proxy_id, 3u);
}

TEST(LeaseRules, SharedLeasesShareANodeUpToTheirLimitButNeverAPrivateOne) {
  lease_book_state book;
  provision(book, request(1)); // lax-1, private
  auto s1 = provision(book, request(2, "shared", 2));
  auto s2 = provision(book, request(3, "shared", 2));
  auto s3 = provision(book, request(4, "shared", 2));
  EXPECT_EQ(s1.node, "lax-2");
  EXPECT_EQ(s2.node, "lax-2");
  EXPECT_EQ(s3.node, "nyc-1");
  // lax-2 holds shared leases: a private one goes to neither LAX node, and nyc-1 has one too.
  EXPECT_FALSE(place_lease(book, request(5), catalogue(), nodes, any_node));
}

TEST(LeaseRules, DownNodesArePassedOverAndPortsRunOut) {
  lease_book_state book;
  auto placed = place_lease(book, request(1), catalogue(), nodes,
                            [](const std::string& n) { return n != "lax-1"; });
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed->node, "lax-2");
  auto one_port = catalogue(30000, 30000);
  auto first = place_lease(book, request(1), one_port, nodes, any_node);
  ASSERT_TRUE(first);
  evolve(book, decide_provision(book, request(1), *first, {"n", "u", "p", "s"}, t0), t0);
  EXPECT_EQ(place_lease(book, request(2), one_port, nodes, any_node).error(),
            make_error_code(errc::sold_out));
}

TEST(LeaseRules, ALeaseExpiresOnceAtItsInstantAndFreesItsNodeAndPort) {
  lease_book_state book;
  provision(book, request(1));
  ASSERT_EQ(book.leases.size(), 1u);
  EXPECT_EQ(book.leases[0].expires_at, t0 + 2s);
  EXPECT_TRUE(decide_expire(book, 1, t0 + 1999ms).empty());
  auto expired = decide_expire(book, 1, t0 + 2s);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(std::get<events::proxy_expired>(expired[0]).order_id, 1u);
  evolve(book, expired[0], t0 + 2s);
  EXPECT_TRUE(book.leases.empty());
  EXPECT_TRUE(decide_expire(book, 1, t0 + 3s).empty());
  auto again = provision(book, request(2));
  EXPECT_EQ((again.node), "lax-1");
  EXPECT_EQ(again.port, 20000);
  EXPECT_EQ(book.leases[0].proxy_id, 2u); // Ids are never reused.
}

TEST(LeaseRules, TheBookSurvivesItsSnapshot) {
  lease_book_state book;
  provision(book, request(1));
  provision(book, request(2));
  auto restored = lease_book_from_snapshot(to_snapshot(book));
  ASSERT_TRUE(restored);
  EXPECT_EQ(to_snapshot(*restored), to_snapshot(book));
  EXPECT_EQ(restored->find_order(2)->node, "lax-2");
}

TEST(OrderRules, AnOrderSnapshotsItsTierAndPeriod) {
  const create_order cmd{"u_a", 1, 8};
  auto decided = decide_create_order({}, 42, cmd, catalogue(), "USD");
  ASSERT_TRUE(decided);
  const auto& c = std::get<events::order_created>(decided->front());
  EXPECT_EQ(c.order_id, 42u);
  EXPECT_EQ(c.pricing_label, "2 Weeks");
  EXPECT_EQ(c.amount_minor, 20000);
  EXPECT_EQ(c.period_ms, 2 * 168 * 2000);
  EXPECT_EQ(c.locations, (std::vector<std::string>{"LAX", "NYC"}));
  EXPECT_EQ(period_length("month", 1, 1h), 720h);
  EXPECT_EQ(decide_create_order({}, 1, {"u_a", 2, 7}, catalogue(), "USD").error(),
            make_error_code(errc::not_found));
  EXPECT_EQ(decide_create_order({}, 1, {"u_a", 1, 9}, catalogue(), "USD").error(),
            make_error_code(errc::not_found));
}

TEST(OrderRules, OnlyAPendingOrderOfItsOwnerIsPaidAndActivatedOnce) {
  order_state s;
  auto created = decide_create_order({}, 5, {"u_a", 1, 7}, catalogue(), "USD");
  evolve(s, created->front(), t0);
  EXPECT_TRUE(check_payable(s));
  EXPECT_FALSE(check_order_owner(s, "u_b"));
  proxy_view lease;
  lease.proxy_id = 9;
  lease.expires_at = t0 + 2s;
  for (const auto& e : decide_activate(s, lease))
    evolve(s, e, t0);
  EXPECT_EQ(s.status, "active");
  EXPECT_EQ(s.proxy_id, 9u);
  EXPECT_EQ(check_payable(s).error(), make_error_code(errc::wrong_state));
  auto restored = order_from_snapshot(to_snapshot(s));
  ASSERT_TRUE(restored);
  EXPECT_EQ(to_snapshot(*restored), to_snapshot(s));
}

} // namespace
} // namespace sluice::actors
