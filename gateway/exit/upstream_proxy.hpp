// Exit through an upstream proxy: `socks5://[user:pass@]host:port` (RFC 1928/1929 client) or
// `http://[user:pass@]host:port` (HTTP CONNECT with Basic proxy authorization).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "gateway/exit/connector.hpp"

namespace sluice::gateway {

/// Shared between a deadline timer's handler and the operation it guards: the handler may run
/// after the operation completed (both were ready in one batch), and must then do nothing.
struct deadline_state {
  bool finished = false;
  bool timed_out = false;
};

/// Connects `socket` to `target` within `timeout`; timed_out when the deadline passed.
boost::asio::awaitable<boost::system::error_code>
connect_with_deadline(boost::asio::ip::tcp::socket& socket,
                      const boost::asio::ip::tcp::endpoint& target,
                      std::chrono::milliseconds timeout);

boost::asio::awaitable<connect_outcome>
connect_upstream(const infra::exit_node_config& node,
                 const std::vector<boost::asio::ip::address>& addresses, std::uint16_t port,
                 std::chrono::milliseconds timeout);

} // namespace sluice::gateway
