// CONNECT and UDP ASSOCIATE share the handshake, the grant and the session's node. The client's
// part of the handshake (greeting, authentication, request) runs under `socks.handshake_timeout`:
// a timer closes the connection unless the request has arrived by then. Every refusal answers
// the reply code the issue names and bills nothing; a grant reserved for a tunnel that never
// connected is released at once.
#include "gateway/socks5/client_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "gateway/exit/upstream_proxy.hpp"
#include "gateway/exit/upstream_udp.hpp"
#include "gateway/relay/metered_tunnel.hpp"
#include "gateway/relay/udp_association.hpp"
#include "gateway/socks5/inbox.hpp"
#include "gateway/socks5/messages.hpp"
#include "gateway/socks5/replies.hpp"
#include "gateway/tunnel/tunnel_opening.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;
using net::ip::udp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

using socks5::inbox;

net::awaitable<bool> send(tcp::socket& socket, const std::vector<std::uint8_t>& bytes) {
  auto [ec, n] = co_await net::async_write(socket, net::buffer(bytes), use_tuple);
  co_return !ec;
}

socks5::destination bound_address(const tcp::socket& client) {
  // The gateway's own address: the exit node's is never shown (issue #4).
  boost::system::error_code ec;
  const auto local = client.local_endpoint(ec);
  return ec ? socks5::ipv4_address{} : socks5::address_field(local.address());
}

net::awaitable<void> reply(tcp::socket& client, socks5::reply_code code) {
  const auto bytes = socks5::encode_reply(code, bound_address(client), 0);
  co_await send(client, bytes);
}

net::awaitable<void> refuse(tcp::socket& client, refusal why) {
  co_await reply(client, socks5::reply_for(why));
}

/// The username/password sub-negotiation. The tunnel spec (without its id) when it passes.
net::awaitable<std::optional<actors::open_tunnel>>
authenticate(const credential_resolver& credentials, inbox& in) {
  auto creds = co_await in.next(&socks5::parse_credentials);
  if (!creds)
    co_return std::nullopt;
  // A named local, not a braced temporary: GCC 12 destroys a temporary in a co_await's full
  // expression with the wrong frame address (ASan: bad-free).
  const client_credentials presented{std::move(creds->username), std::move(creds->password)};
  auto spec = co_await credentials.resolve(presented);
  const auto status = socks5::encode_auth_status(spec.has_value());
  if (!co_await send(in.socket, status))
    co_return std::nullopt;
  co_return spec;
}

/// The association's socket towards the client, on the address it reached this gateway at.
std::optional<udp::socket> bind_client_side(tcp::socket& client) {
  boost::system::error_code ec;
  const auto local = client.local_endpoint(ec);
  udp::socket socket(client.get_executor());
  if (!ec)
    socket.open(local.address().is_v4() ? udp::v4() : udp::v6(), ec);
  if (!ec)
    socket.bind(udp::endpoint(local.address(), 0), ec);
  return ec ? std::nullopt : std::optional<udp::socket>{std::move(socket)};
}

/// The association's socket towards the targets, on a direct exit node's address.
std::optional<udp::socket> bind_exit_side(tcp::socket& client, const std::string& exit_address) {
  boost::system::error_code ec;
  const auto address = net::ip::make_address(exit_address, ec);
  udp::socket socket(client.get_executor());
  if (!ec)
    socket.open(address.is_v4() ? udp::v4() : udp::v6(), ec);
  if (!ec)
    socket.bind(udp::endpoint(address, 0), ec);
  return ec ? std::nullopt : std::optional<udp::socket>{std::move(socket)};
}

struct udp_sockets_outcome {
  std::optional<udp_sockets> sockets; ///< Set when the association can be relayed.
  refusal why = refusal::failure;
};

/// The sockets of an association through the node, or why there are none. A socks5 node's
/// upstream is asked for its own association; an http node cannot relay UDP.
net::awaitable<udp_sockets_outcome>
udp_sockets_through(const gateway_context& ctx, tcp::socket& client, const std::string& node_id) {
  const auto& node = ctx.nodes.at(node_id);
  if (node.kind == "http")
    co_return udp_sockets_outcome{std::nullopt, refusal::unsupported_command};
  auto client_side = bind_client_side(client);
  if (!client_side)
    co_return udp_sockets_outcome{};
  if (node.kind == "direct") {
    auto exit_side = bind_exit_side(client, node.bind);
    if (!exit_side)
      co_return udp_sockets_outcome{};
    co_return udp_sockets_outcome{
      udp_sockets{std::move(*client_side), std::move(*exit_side), std::nullopt}};
  }
  udp::socket exit_side(client.get_executor());
  auto upstream = co_await associate_upstream(node, exit_side, ctx.socks.handshake_timeout);
  if (!upstream.relay) {
    if (upstream.node_failed)
      co_await report_node_failure(ctx, node_id);
    co_return udp_sockets_outcome{std::nullopt,
                                  upstream.node_failed ? refusal::no_exit_node : upstream.failure};
  }
  co_return udp_sockets_outcome{
    udp_sockets{std::move(*client_side), std::move(exit_side), std::move(upstream.relay)}};
}

/// UDP ASSOCIATE: the grant and the session's node as for CONNECT, then a relay bound for the
/// client: from a direct node's address, or through a socks5 node's upstream. An HTTP CONNECT
/// upstream cannot carry UDP: through an http node the reply is 0x07.
net::awaitable<void> associate_udp(std::shared_ptr<const gateway_context> ctx, tcp::socket& client,
                                   actors::open_tunnel spec, std::uint16_t client_port) {
  auto granted = co_await open_grant(*ctx, std::move(spec), "udp_");
  if (!granted.tunnel) {
    co_await refuse(client, granted.why);
    co_return;
  }
  auto& grant = *granted.tunnel;
  auto through = co_await udp_sockets_through(*ctx, client, grant.node);
  auto& sockets = through.sockets;
  if (!sockets) {
    co_await release_grant(*ctx, grant.spec);
    co_await refuse(client, through.why);
    co_return;
  }
  boost::system::error_code ec;
  const auto relay_port = sockets->client_side.local_endpoint(ec).port();
  if (ec) {
    co_await release_grant(*ctx, grant.spec);
    co_await refuse(client, refusal::failure);
    co_return;
  }
  const auto bytes = socks5::encode_reply(socks5::reply_code::succeeded, bound_address(client),
                                          relay_port);
  if (!co_await send(client, bytes)) {
    co_await release_grant(*ctx, grant.spec);
    co_return;
  }
  auto association = std::make_shared<udp_association>(
    ctx, std::move(client), std::move(*sockets), std::move(grant.spec), grant.granted, client_port);
  association->start();
}

} // namespace

net::awaitable<void>
serve_socks_client(std::shared_ptr<const gateway_context> ctx,
                   std::shared_ptr<const credential_resolver> credentials, tcp::socket client,
                   std::unique_ptr<infra::connection_admission::place> handshake_place) {
  auto guard = std::make_shared<deadline_state>();
  // Whatever way this coroutine ends, a late expiry must not touch the socket it owned.
  const std::unique_ptr<deadline_state, void (*)(deadline_state*)> finish_on_exit(
    guard.get(), [](deadline_state* g) { g->finished = true; });
  net::steady_timer deadline(client.get_executor(), ctx->socks.handshake_timeout);
  deadline.async_wait([&client, guard](const boost::system::error_code& ec) {
    if (ec || guard->finished)
      return;
    guard->timed_out = true;
    // Shut down, not closed: the descriptor stays this connection's until the coroutine ends,
    // after its handshake place is given back (a shed may shut it down meanwhile too).
    boost::system::error_code ignored;
    client.shutdown(tcp::socket::shutdown_both, ignored);
  });
  // A local, so given back before the socket (a parameter) closes: a shed, shutdown(2) of the
  // descriptor from the listener's thread, never reaches a descriptor reused by then.
  auto handshake = std::move(handshake_place);
  inbox in{client, {}};
  auto greeting = co_await in.next(&socks5::parse_greeting);
  if (!greeting)
    co_return;
  if (!greeting->offers(socks5::method::username_password)) {
    const auto none = socks5::encode_method_choice(socks5::method::none_acceptable);
    co_await send(client, none);
    co_return;
  }
  const auto choice = socks5::encode_method_choice(socks5::method::username_password);
  if (!co_await send(client, choice))
    co_return;
  auto spec = co_await authenticate(*credentials, in);
  if (!spec)
    co_return;
  auto request = co_await in.next(&socks5::parse_request);
  if (!request)
    co_return;
  // The client has said all it has to. What follows runs under the gateway's own deadlines (the
  // facade's, the connect's), so a target that does not answer in time gets the client a 0x06
  // rather than a connection its handshake deadline cut.
  guard->finished = true;
  deadline.cancel();
  handshake.reset();
  if (guard->timed_out)
    co_return; // It expired as the request arrived: the socket is shut down already.
  if (request->unknown_address_type) {
    co_await refuse(client, refusal::unsupported_address);
    co_return;
  }
  if (request->command == static_cast<std::uint8_t>(socks5::command::udp_associate)) {
    co_await associate_udp(ctx, client, std::move(*spec), request->port);
    co_return;
  }
  if (request->command != static_cast<std::uint8_t>(socks5::command::connect)) {
    co_await refuse(client, refusal::unsupported_command);
    co_return;
  }
  const target where{socks5::target_host_of(request->address), request->port};
  auto opened = co_await open_and_connect(*ctx, std::move(*spec), where);
  if (!opened.tunnel) {
    co_await refuse(client, opened.why);
    co_return;
  }
  co_await reply(client, socks5::reply_code::succeeded);
  auto& tunnel = *opened.tunnel;
  auto relay = std::make_shared<metered_tunnel>(ctx, std::move(client), std::move(tunnel.target),
                                                std::move(tunnel.grant.spec), tunnel.grant.granted,
                                                std::move(in.bytes));
  relay->start();
}

} // namespace sluice::gateway
