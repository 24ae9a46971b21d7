// Which IP addresses count as "public": the SSRF guard of outgoing webhook requests and of
// gateway destinations (seed 000 §09, house style on security). Everything a request from this
// host could use to reach itself, its network or a cloud metadata service is not public.
#pragma once

#include <boost/asio/ip/address.hpp>

namespace sluice::infra {

/// False for unspecified, loopback, private (RFC 1918, fc00::/7), link-local (incl. the
/// 169.254.169.254 metadata address), CGNAT (100.64.0.0/10), multicast, broadcast, reserved and
/// documentation ranges, and for IPv6 forms that embed such an IPv4 address (::ffff:0:0/96,
/// ::/96, 64:ff9b::/96, 2002::/16).
bool is_public_address(const boost::asio::ip::address& address);

} // namespace sluice::infra
