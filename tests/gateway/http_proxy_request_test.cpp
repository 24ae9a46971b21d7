// The HTTP proxy front end's reading of a request head: CONNECT authorities (names, IPv4, IPv6 in
// brackets), absolute-form http:// targets sent on in origin-form with the hop-by-hop headers,
// Proxy-Authorization and headers named by Connection removed, Basic credentials, and the heads
// no proxy serves. And the lease directory: credentials per port, and the cut of open tunnels
// when a lease goes, stops being active or moves on.
#include <gtest/gtest.h>

#include <boost/beast/http/parser.hpp>

#include "gateway/lease/http_proxy_request.hpp"
#include "gateway/lease/lease_directory.hpp"

namespace sluice::gateway {
namespace {

namespace http = boost::beast::http;

http::request<http::empty_body> head_of(const std::string& text) {
  http::request_parser<http::empty_body> parser;
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(text), ec);
  EXPECT_FALSE(ec) << ec.message();
  return parser.release();
}

TEST(HttpProxyRequest, ReadsConnectAuthorities) {
  auto r = read_proxy_request(head_of("CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n"
                                      "Proxy-Authorization: Basic dXNlcjpwYTpzcw==\r\n\r\n"));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->tunnel);
  EXPECT_EQ(std::get<std::string>(r->where.host), "example.com");
  EXPECT_EQ(r->where.port, 443);
  EXPECT_TRUE(r->authenticated);
  EXPECT_EQ(r->username, "user");
  EXPECT_EQ(r->password, "pa:ss"); // Split at the first colon only.
  auto v6 = read_proxy_request(head_of("CONNECT [2001:db8::1]:8443 HTTP/1.1\r\n\r\n"));
  ASSERT_TRUE(v6);
  EXPECT_EQ(std::get<boost::asio::ip::address>(v6->where.host).to_string(), "2001:db8::1");
  EXPECT_FALSE(v6->authenticated);
  for (const char* bad :
       {"CONNECT example.com HTTP/1.1\r\n\r\n", "CONNECT example.com:0 HTTP/1.1\r\n\r\n",
        "CONNECT example.com:70000 HTTP/1.1\r\n\r\n",
        "CONNECT user@example.com:443 HTTP/1.1\r\n\r\n",
        "GET /relative HTTP/1.1\r\nHost: a\r\n\r\n", "GET https://example.com/ HTTP/1.1\r\n\r\n"}) {
    EXPECT_FALSE(read_proxy_request(head_of(bad))) << bad;
  }
}

TEST(HttpProxyRequest, SendsAbsoluteFormOnInOriginFormWithoutHopByHopHeaders) {
  auto r = read_proxy_request(head_of("POST http://Example.com:8080/a/b?q=1#frag HTTP/1.1\r\n"
                                      "Host: elsewhere.example\r\n"
                                      "Proxy-Authorization: Basic dTpw\r\n"
                                      "Proxy-Connection: keep-alive\r\n"
                                      "Connection: keep-alive, X-Secret\r\n"
                                      "X-Secret: 1\r\n"
                                      "Content-Length: 3\r\n"
                                      "Accept: */*\r\n\r\n"));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->tunnel);
  EXPECT_EQ(std::get<std::string>(r->where.host), "example.com");
  EXPECT_EQ(r->where.port, 8080);
  // Host from the request-target, first; the client's Host is not passed on.
  EXPECT_EQ(r->forwarded_head, "POST /a/b?q=1 HTTP/1.1\r\n"
                               "Host: Example.com:8080\r\n"
                               "Content-Length: 3\r\n"
                               "Accept: */*\r\n"
                               "Connection: close\r\n\r\n");
  EXPECT_EQ(r->upload_limit, 3u);
  auto framing = read_proxy_request(head_of("POST http://a.example/ HTTP/1.1\r\n"
                                            "Connection: Content-Length, Transfer-Encoding\r\n"
                                            "Transfer-Encoding: chunked\r\n\r\n"));
  ASSERT_TRUE(framing);
  EXPECT_NE(framing->forwarded_head.find("Transfer-Encoding: chunked\r\n"), std::string::npos);
  EXPECT_FALSE(framing->upload_limit); // Chunked: relayed until either side ends.
  auto bare = read_proxy_request(head_of("GET http://10.0.0.1 HTTP/1.1\r\n\r\n"));
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->where.port, 80);
  EXPECT_EQ(bare->forwarded_head, "GET / HTTP/1.1\r\nHost: 10.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(bare->upload_limit, 0u); // No body: nothing after the head is relayed.
  auto old_client = read_proxy_request(head_of("GET http://a.example/x HTTP/1.0\r\n\r\n"));
  ASSERT_TRUE(old_client);
  EXPECT_EQ(old_client->forwarded_head,
            "GET /x HTTP/1.0\r\nHost: a.example\r\nConnection: close\r\n\r\n");
}

TEST(HttpProxyRequest, MalformedCredentialsAreNotCredentials) {
  for (const char* value : {"Bearer abc", "Basic", "Basic !!!", "Basic dXNlcg=="}) {
    auto r = read_proxy_request(head_of(
      std::string("CONNECT a.example:1 HTTP/1.1\r\nProxy-Authorization: ") + value + "\r\n\r\n"));
    ASSERT_TRUE(r) << value;
    EXPECT_FALSE(r->authenticated) << value;
  }
}

actors::lease_endpoint lease(std::uint64_t id, std::uint16_t port, std::uint64_t generation = 0,
                             std::string status = "active") {
  actors::lease_endpoint e;
  e.proxy_id = id;
  e.account_id = "u_a";
  e.port = port;
  e.username = "u" + std::to_string(id);
  e.password = "secret-" + std::to_string(id);
  e.node = "lax-1";
  e.status = std::move(status);
  e.generation = generation;
  return e;
}

TEST(LeaseDirectory, ChecksCredentialsPerPort) {
  lease_directory d;
  EXPECT_EQ(d.replace({lease(1, 20000), lease(2, 20001)}), (std::set<std::uint16_t>{20000, 20001}));
  EXPECT_TRUE(d.authenticate(20000, "u1", "secret-1"));
  EXPECT_FALSE(d.authenticate(20000, "u2", "secret-2"));
  EXPECT_FALSE(d.authenticate(20000, "u1", "secret-"));
  EXPECT_FALSE(d.authenticate(20002, "u1", "secret-1"));
}

TEST(LeaseDirectory, CutsTheTunnelsOfLeasesThatGoStopOrMoveOn) {
  lease_directory d;
  d.replace({lease(1, 20000), lease(2, 20001), lease(3, 20002)});
  int cut1 = 0;
  int cut2 = 0;
  int cut3 = 0;
  ASSERT_TRUE(d.join(lease(1, 20000), [&] { ++cut1; }));
  ASSERT_TRUE(d.join(lease(2, 20001), [&] { ++cut2; }));
  ASSERT_TRUE(d.join(lease(3, 20002), [&] { ++cut3; }));
  EXPECT_FALSE(d.join(lease(3, 20002, 7), [] {})); // Seen at another generation.
  EXPECT_EQ(d.open_tunnels(), 3u);
  d.replace({lease(2, 20001, 1), lease(3, 20002, 0, "disconnected")}); // 1 expired.
  EXPECT_EQ((std::vector<int>{cut1, cut2, cut3}), (std::vector<int>{1, 1, 1}));
  EXPECT_EQ(d.open_tunnels(), 0u);
  EXPECT_FALSE(d.join(lease(3, 20002), [] {})); // Not active: no new tunnel.
  auto ticket = d.join(lease(2, 20001, 1), [&] { ++cut2; });
  ASSERT_TRUE(ticket);
  d.leave(2, ticket->ticket);
  d.replace({});
  EXPECT_EQ(cut2, 1); // A tunnel that left is not cut again.
}

TEST(LeaseDirectory, CountsRelayedBytesPerLeaseUntilReported) {
  lease_directory d;
  d.replace({lease(1, 20000), lease(2, 20001)});
  auto a = d.join(lease(1, 20000), [] {});
  auto b = d.join(lease(1, 20000), [] {});
  auto c = d.join(lease(2, 20001), [] {});
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->relayed, b->relayed); // One counter per lease, shared by its tunnels.
  *a->relayed += 100;
  *b->relayed += 20;
  *c->relayed += 7;
  auto usage = d.take_usage();
  ASSERT_EQ(usage.size(), 2u);
  EXPECT_EQ((std::vector<std::uint64_t>{usage[0].proxy_id, usage[0].bytes, usage[1].proxy_id,
                                        usage[1].bytes}),
            (std::vector<std::uint64_t>{1, 120, 2, 7}));
  EXPECT_TRUE(d.take_usage().empty());
  *c->relayed += 5; // Counted before it leaves: reported after it left.
  d.leave(2, c->ticket);
  usage = d.take_usage();
  ASSERT_EQ(usage.size(), 1u);
  EXPECT_EQ(usage[0].bytes, 5u);
}

} // namespace
} // namespace sluice::gateway
