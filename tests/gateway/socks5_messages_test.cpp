// SOCKS5 handshake messages byte by byte: whole, short by any number of bytes, and malformed.
#include <gtest/gtest.h>

#include "gateway/socks5/messages.hpp"

namespace sluice::gateway::socks5 {
namespace {

using bytes = std::vector<std::uint8_t>;

TEST(Socks5Messages, ParsesAGreetingAndAsksForMoreUntilItIsWhole) {
  const bytes whole{0x05, 0x02, 0x00, 0x02};
  for (std::size_t n = 0; n < whole.size(); ++n) {
    EXPECT_EQ(parse_greeting({whole.data(), n}).status, parse_status::need_more) << n;
  }
  auto g = parse_greeting(whole);
  ASSERT_EQ(g.status, parse_status::complete);
  EXPECT_EQ(g.consumed, 4U);
  EXPECT_TRUE(g.value.offers(method::username_password));
  EXPECT_TRUE(g.value.offers(method::no_auth));
  EXPECT_EQ(parse_greeting(bytes{0x04, 0x01, 0x00}).status, parse_status::malformed);
  EXPECT_EQ(parse_greeting(bytes{0x05, 0x00}).status, parse_status::malformed);
}

TEST(Socks5Messages, ParsesRfc1929Credentials) {
  const bytes whole{0x01, 0x03, 'a', 'b', 'c', 0x02, 'p', 'w'};
  for (std::size_t n = 0; n < whole.size(); ++n) {
    EXPECT_EQ(parse_credentials({whole.data(), n}).status, parse_status::need_more) << n;
  }
  auto c = parse_credentials(whole);
  ASSERT_EQ(c.status, parse_status::complete);
  EXPECT_EQ(c.value.username, "abc");
  EXPECT_EQ(c.value.password, "pw");
  EXPECT_EQ(parse_credentials(bytes{0x05, 0x01, 'a'}).status, parse_status::malformed);
}

TEST(Socks5Messages, ParsesRequestsForEveryAddressType) {
  const bytes v4{0x05, 0x01, 0x00, 0x01, 127, 0, 0, 1, 0x01, 0xbb};
  auto r = parse_request(v4);
  ASSERT_EQ(r.status, parse_status::complete);
  EXPECT_EQ(r.value.command, 0x01);
  EXPECT_EQ(r.value.port, 443);
  EXPECT_EQ(std::get<ipv4_address>(r.value.address).bytes[0], 127);

  bytes name{0x05, 0x01, 0x00, 0x03, 14};
  for (const char ch : std::string{"www.bbc.co.uk."})
    name.push_back(static_cast<std::uint8_t>(ch));
  name.push_back(0x00);
  name.push_back(0x50);
  for (std::size_t n = 0; n < name.size(); ++n) {
    EXPECT_EQ(parse_request({name.data(), n}).status, parse_status::need_more) << n;
  }
  auto named = parse_request(name);
  ASSERT_EQ(named.status, parse_status::complete);
  EXPECT_EQ(std::get<std::string>(named.value.address), "www.bbc.co.uk.");
  EXPECT_EQ(named.value.port, 80);
  EXPECT_EQ(named.consumed, name.size());

  bytes v6{0x05, 0x03, 0x00, 0x04};
  v6.resize(4 + 16 + 2, 0);
  v6[19] = 1;
  auto six = parse_request(v6);
  ASSERT_EQ(six.status, parse_status::complete);
  EXPECT_EQ(six.value.command, 0x03);
  EXPECT_EQ(std::get<ipv6_address>(six.value.address).bytes[15], 1);
}

TEST(Socks5Messages, RefusesMalformedRequests) {
  EXPECT_EQ(parse_request(bytes{0x04, 0x01, 0x00, 0x01}).status, parse_status::malformed);
  EXPECT_EQ(parse_request(bytes{0x05, 0x01, 0x01, 0x01}).status, parse_status::malformed);
  EXPECT_EQ(parse_request(bytes{0x05, 0x01, 0x00, 0x03, 0x00, 0, 80}).status,
            parse_status::malformed);
}

TEST(Socks5Messages, AnUnknownAddressTypeParsesAsFarAsItsType) {
  const auto r = parse_request(bytes{0x05, 0x01, 0x00, 0x09, 1, 2});
  ASSERT_EQ(r.status, parse_status::complete);
  EXPECT_TRUE(r.value.unknown_address_type);
  EXPECT_EQ(r.consumed, 4u);
  EXPECT_EQ(parse_request(bytes{0x05, 0x01, 0x00}).status, parse_status::need_more);
}

TEST(Socks5Messages, EncodesRepliesAndUdpHeaders) {
  EXPECT_EQ(encode_method_choice(method::none_acceptable), (bytes{0x05, 0xff}));
  EXPECT_EQ(encode_auth_status(false), (bytes{0x01, 0x01}));
  EXPECT_EQ(encode_reply(reply_code::not_allowed, ipv4_address{}, 0),
            (bytes{0x05, 0x02, 0x00, 0x01, 0, 0, 0, 0, 0, 0}));
  const auto header = encode_udp_header(ipv4_address{{10, 0, 0, 1}}, 53);
  EXPECT_EQ(header, (bytes{0, 0, 0, 0x01, 10, 0, 0, 1, 0, 53}));
  auto parsed_back = parse_udp_header(header);
  ASSERT_EQ(parsed_back.status, parse_status::complete);
  EXPECT_EQ(parsed_back.value.port, 53);
  EXPECT_EQ(parse_udp_header(bytes{0, 0}).status, parse_status::malformed);
}

TEST(Socks5Messages, SurvivesEveryPrefixOfRandomBytes) {
  std::uint32_t state = 12345;
  for (int round = 0; round < 2000; ++round) {
    bytes b(static_cast<std::size_t>(state % 40));
    for (auto& x : b) {
      state = state * 1103515245 + 12345;
      x = static_cast<std::uint8_t>(state >> 16);
    }
    if (!b.empty() && round % 2 == 0)
      b[0] = 0x05;
    for (std::size_t n = 0; n <= b.size(); ++n) {
      const std::span<const std::uint8_t> prefix{b.data(), n};
      const auto g = parse_greeting(prefix);
      const auto r = parse_request(prefix);
      const auto c = parse_credentials(prefix);
      EXPECT_LE(g.consumed, n);
      EXPECT_LE(r.consumed, n);
      EXPECT_LE(c.consumed, n);
      parse_udp_header(prefix);
    }
    state = state * 1103515245 + 12345;
  }
}

} // namespace
} // namespace sluice::gateway::socks5
