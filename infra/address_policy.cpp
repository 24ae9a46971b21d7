// Range tables for is_public_address.
#include "infra/address_policy.hpp"

#include <array>
#include <cstdint>

namespace sluice::infra {
namespace {

struct v4_range {
  std::uint32_t base;
  int prefix;
};

constexpr std::uint32_t v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  return (std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{c} << 8) | d;
}

// IANA special-purpose IPv4 ranges that are not globally reachable (RFC 6890 and successors).
constexpr std::array<v4_range, 15> v4_blocked{{
  {v4(0, 0, 0, 0), 8},       // "this network"
  {v4(10, 0, 0, 0), 8},      // private
  {v4(100, 64, 0, 0), 10},   // CGNAT shared space
  {v4(127, 0, 0, 0), 8},     // loopback
  {v4(169, 254, 0, 0), 16},  // link-local, cloud metadata
  {v4(172, 16, 0, 0), 12},   // private
  {v4(192, 0, 0, 0), 24},    // IETF protocol assignments
  {v4(192, 0, 2, 0), 24},    // documentation
  {v4(192, 88, 99, 0), 24},  // 6to4 relay anycast
  {v4(192, 168, 0, 0), 16},  // private
  {v4(198, 18, 0, 0), 15},   // benchmarking
  {v4(198, 51, 100, 0), 24}, // documentation
  {v4(203, 0, 113, 0), 24},  // documentation
  {v4(224, 0, 0, 0), 4},     // multicast
  {v4(240, 0, 0, 0), 4},     // reserved, broadcast
}};

bool in_range(std::uint32_t a, const v4_range& r) {
  const std::uint32_t mask = r.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - r.prefix);
  return (a & mask) == (r.base & mask);
}

bool public_v4(std::uint32_t a) {
  for (const auto& r : v4_blocked) {
    if (in_range(a, r))
      return false;
  }
  return true;
}

std::uint32_t v4_at(const boost::asio::ip::address_v6::bytes_type& b, std::size_t at) {
  return v4(b[at], b[at + 1], b[at + 2], b[at + 3]);
}

bool all_zero(const boost::asio::ip::address_v6::bytes_type& b, std::size_t from, std::size_t to) {
  for (auto i = from; i < to; ++i) {
    if (b[i] != 0)
      return false;
  }
  return true;
}

bool public_v6(const boost::asio::ip::address_v6& a) {
  const auto b = a.to_bytes();
  // Forms that carry an IPv4 address are judged by that address.
  if (all_zero(b, 0, 10) && b[10] == 0xff && b[11] == 0xff)
    return public_v4(v4_at(b, 12)); // ::ffff:a.b.c.d, IPv4-mapped
  if (all_zero(b, 0, 12))
    return public_v4(v4_at(b, 12)); // ::a.b.c.d; :: and ::1 fall in 0.0.0.0/8
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && all_zero(b, 4, 12))
    return public_v4(v4_at(b, 12)); // 64:ff9b::/96, NAT64
  if (b[0] == 0x20 && b[1] == 0x02)
    return public_v4(v4_at(b, 2)); // 2002::/16, 6to4
  if ((b[0] & 0xfe) == 0xfc)
    return false; // fc00::/7, unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
    return false; // fe80::/10, link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
    return false; // fec0::/10, deprecated site-local
  if (b[0] == 0xff)
    return false; // multicast
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
    return false; // 2001:db8::/32, documentation
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
    return false; // 2001::/32, Teredo (tunnels to arbitrary IPv4)
  if (b[0] == 0x01 && b[1] == 0x00 && all_zero(b, 2, 8))
    return false; // 100::/64, discard-only
  // Globally routable unicast is 2000::/3; everything else is unassigned or special.
  return (b[0] & 0xe0) == 0x20;
}

} // namespace

bool is_public_address(const boost::asio::ip::address& address) {
  if (address.is_v4())
    return public_v4(address.to_v4().to_uint());
  return public_v6(address.to_v6());
}

} // namespace sluice::infra
