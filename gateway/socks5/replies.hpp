// The SOCKS5 front end's side of the tunnel core: which REP answers each refusal, and how SOCKS
// address fields map to the core's neutral target (docs/gateway.md, "CONNECT replies").
#pragma once

#include <boost/asio/ip/address.hpp>
#include <optional>

#include "gateway/socks5/messages.hpp"
#include "gateway/tunnel/refusal.hpp"
#include "gateway/tunnel/target.hpp"

namespace sluice::gateway::socks5 {

/// 0x03 is kept for "no usable exit node" (a country's, a lease's), so a target on an
/// unreachable network answers 0x04; every refusal by the account or by policy is 0x02.
reply_code reply_for(refusal why);

/// The core's target host for an address field as the client sent it.
target_host target_host_of(const destination& where);

/// The address an address field names, or nullopt for a domain name.
std::optional<boost::asio::ip::address> literal_address(const destination& where);

/// The address field naming `address`; an IPv4-mapped IPv6 address as IPv4, the form an IPv4
/// client of a dual-stack socket can use.
destination address_field(const boost::asio::ip::address& address);

} // namespace sluice::gateway::socks5
