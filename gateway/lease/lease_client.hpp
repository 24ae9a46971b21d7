// One client connection on a lease's port: SOCKS5 if its first byte is 0x05 (RFC 1928 with RFC
// 1929 user/password), an HTTP proxy request otherwise (CONNECT or absolute-form, Basic proxy
// authentication). Both check the port's lease credentials, connect through the lease's node
// (lease_connect.hpp) and relay (lease_tunnel.hpp); each answers refusals in its own codes.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "gateway/gateway_context.hpp"
#include "gateway/lease/lease_directory.hpp"
#include "infra/connection_admission.hpp"

namespace sluice::gateway {

/// What a lease front end is given: the connection, the bytes read so far, and `end_handshake`
/// to call once the client's request has arrived (false: its deadline passed, stop).
struct lease_client {
  std::shared_ptr<const gateway_context> ctx;
  std::shared_ptr<lease_directory> leases;
  std::uint16_t port = 0;
  boost::asio::ip::tcp::socket& socket;
  std::vector<std::uint8_t> bytes;
  std::function<bool()> end_handshake;
};

/// Serves one connection accepted on `port` (a tcp_listener's serve_fn).
boost::asio::awaitable<void>
serve_lease_client(std::shared_ptr<const gateway_context> ctx,
                   std::shared_ptr<lease_directory> leases, std::uint16_t port,
                   boost::asio::ip::tcp::socket socket,
                   std::unique_ptr<infra::connection_admission::place> handshake_place);

/// The SOCKS5 front end (lease_socks.cpp).
boost::asio::awaitable<void> serve_lease_socks(lease_client client);
/// The HTTP proxy front end (lease_http_proxy.cpp).
boost::asio::awaitable<void> serve_lease_http(lease_client client);

} // namespace sluice::gateway
