// The SSRF guard's notion of "public": every range seed 000 §09 and the issue name, in both
// address families and in the IPv6 forms that smuggle an IPv4 address.
#include <gtest/gtest.h>

#include "infra/address_policy.hpp"

namespace sluice::infra {
namespace {

bool is_public(const char* text) {
  return is_public_address(boost::asio::ip::make_address(text));
}

TEST(AddressPolicy, RefusesEveryNonPublicIpv4Range) {
  for (const auto* a :
       {"0.0.0.0", "10.1.2.3", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.255.0.9",
        "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.168.1.1", "192.0.2.10",
        "198.18.0.1", "224.0.0.1", "239.1.1.1", "240.0.0.1", "255.255.255.255"}) {
    EXPECT_FALSE(is_public(a)) << a;
  }
}

TEST(AddressPolicy, AcceptsPublicIpv4AtTheRangeEdges) {
  for (const auto* a : {"8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.0",
                        "172.15.255.255", "172.32.0.0", "1.1.1.1", "223.255.255.254"}) {
    EXPECT_TRUE(is_public(a)) << a;
  }
}

TEST(AddressPolicy, RefusesNonPublicIpv6AndEmbeddedPrivateIpv4) {
  for (const auto* a :
       {"::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "2001:db8::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
        "64:ff9b::a00:1", "2002:7f00:1::1", "2001::1", "fec0::1", "100::1"}) {
    EXPECT_FALSE(is_public(a)) << a;
  }
}

TEST(AddressPolicy, AcceptsGlobalIpv6AndEmbeddedPublicIpv4) {
  for (const auto* a : {"2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8",
                        "64:ff9b::808:808", "2002:808:808::1"}) {
    EXPECT_TRUE(is_public(a)) << a;
  }
}

} // namespace
} // namespace sluice::infra
