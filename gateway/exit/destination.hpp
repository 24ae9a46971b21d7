// Where a CONNECT (or a UDP datagram) may go: the allow-list, then resolution on the gateway side
// (resolver.static first, then DNS), then the private-address guard (issue #4).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <vector>

#include "gateway/gateway_context.hpp"
#include "gateway/tunnel/target.hpp"

namespace sluice::gateway {

enum class destination_verdict { allowed, refused, unresolvable };

struct checked_destination {
  destination_verdict verdict = destination_verdict::refused;
  std::vector<boost::asio::ip::address> addresses; ///< When allowed: public ones, in DNS order.
};

/// Checks the destination for a tunnel tagged `service` (empty: any allow-listed service).
/// `apply_allow_list` false: only the private-address guard (dedicated proxies).
boost::asio::awaitable<checked_destination>
check_destination(const gateway_context& ctx, const target_host& where, const std::string& service,
                  bool apply_allow_list = true);

/// The addresses of `name`: resolver.static first, then DNS; none if it does not resolve. No
/// policy: check_destination applies it.
boost::asio::awaitable<std::vector<boost::asio::ip::address>>
resolve_name(const gateway_context& ctx, const std::string& name);

} // namespace sluice::gateway
