// SOCKS5 on a lease's port: only username/password (RFC 1929) against the lease's own, then
// CONNECT. UDP ASSOCIATE is answered 0x07 (not built for leases yet). Refusals use the
// gateway's table (socks5/replies.hpp): an expired lease's credentials fail authentication
// (0x01), a disconnected lease's CONNECT gets 0x03.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "gateway/lease/lease_client.hpp"
#include "gateway/lease/lease_connect.hpp"
#include "gateway/lease/lease_tunnel.hpp"
#include "gateway/socks5/inbox.hpp"
#include "gateway/socks5/replies.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;

namespace {

net::awaitable<bool> send(tcp::socket& socket, const std::vector<std::uint8_t>& bytes) {
  auto [ec, n] = co_await net::async_write(socket, net::buffer(bytes),
                                           net::as_tuple(net::use_awaitable));
  co_return !ec;
}

net::awaitable<void> reply(tcp::socket& client, socks5::reply_code code) {
  boost::system::error_code ec;
  const auto local = client.local_endpoint(ec);
  const socks5::destination bound = ec ? socks5::destination{socks5::ipv4_address{}}
                                       : socks5::address_field(local.address());
  const auto bytes = socks5::encode_reply(code, bound, 0);
  co_await send(client, bytes);
}

} // namespace

net::awaitable<void> serve_lease_socks(lease_client client) {
  socks5::inbox in{client.socket, std::move(client.bytes)};
  auto greeting = co_await in.next(&socks5::parse_greeting);
  if (!greeting)
    co_return;
  if (!greeting->offers(socks5::method::username_password)) {
    const auto none = socks5::encode_method_choice(socks5::method::none_acceptable);
    co_await send(client.socket, none);
    co_return;
  }
  const auto choice = socks5::encode_method_choice(socks5::method::username_password);
  if (!co_await send(client.socket, choice))
    co_return;
  auto creds = co_await in.next(&socks5::parse_credentials);
  if (!creds)
    co_return;
  auto lease = client.leases->authenticate(client.port, creds->username, creds->password);
  const auto status = socks5::encode_auth_status(lease.has_value());
  if (!co_await send(client.socket, status) || !lease)
    co_return;
  auto request = co_await in.next(&socks5::parse_request);
  if (!request || !client.end_handshake())
    co_return;
  if (request->unknown_address_type) {
    co_await reply(client.socket, socks5::reply_for(refusal::unsupported_address));
    co_return;
  }
  if (request->command != static_cast<std::uint8_t>(socks5::command::connect)) {
    co_await reply(client.socket, socks5::reply_for(refusal::unsupported_command));
    co_return;
  }
  const target where{socks5::target_host_of(request->address), request->port};
  auto opened = co_await connect_for_lease(*client.ctx, *lease, where);
  if (!opened.target) {
    co_await reply(client.socket, socks5::reply_for(opened.why));
    co_return;
  }
  co_await reply(client.socket, socks5::reply_code::succeeded);
  auto tunnel = std::make_shared<lease_tunnel>(client.ctx, client.leases, std::move(*lease),
                                               std::move(client.socket), std::move(*opened.target),
                                               std::move(in.bytes));
  tunnel->start();
}

} // namespace sluice::gateway
