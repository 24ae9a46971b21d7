// One SOCKS5 client connection: greeting, RFC 1929 authentication (whatever the credential: the
// front end's resolver decides), the request, then the tunnel core (tunnel/tunnel_opening.hpp)
// and the metered relay. Only the wire and the refusal -> REP table (replies.hpp) are SOCKS5's.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "gateway/credentials/credential_resolver.hpp"
#include "gateway/gateway_context.hpp"
#include "infra/connection_admission.hpp"

namespace sluice::gateway {

/// Serves one client. `handshake_place` is its place among the connections still in their
/// handshake, given back once the request has arrived; if it is shed before, the socket is shut
/// down and the handshake ends there (connection_admission.hpp).
boost::asio::awaitable<void>
serve_socks_client(std::shared_ptr<const gateway_context> ctx,
                   std::shared_ptr<const credential_resolver> credentials,
                   boost::asio::ip::tcp::socket client,
                   std::unique_ptr<infra::connection_admission::place> handshake_place);

} // namespace sluice::gateway
