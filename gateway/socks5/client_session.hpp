// One SOCKS5 client connection: greeting, RFC 1929 authentication against the routing username
// and API key, the request, the destination policy, the tunnel (session binding and grant),
// the connect through the exit node, and then the metered relay.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "gateway/gateway_context.hpp"

namespace sluice::gateway {

boost::asio::awaitable<void> serve_socks_client(std::shared_ptr<const gateway_context> ctx,
                                                boost::asio::ip::tcp::socket client);

} // namespace sluice::gateway
