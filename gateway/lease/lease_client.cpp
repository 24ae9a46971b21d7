#include "gateway/lease/lease_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/exit/upstream_proxy.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;

net::awaitable<void>
serve_lease_client(std::shared_ptr<const gateway_context> ctx,
                   std::shared_ptr<lease_directory> leases, std::uint16_t port, tcp::socket socket,
                   std::unique_ptr<infra::connection_admission::place> handshake_place) {
  // The handshake deadline, as on the SOCKS5 gateway (client_session.cpp): the request must be
  // in by socks.handshake_timeout, or the connection is shut down.
  auto guard = std::make_shared<deadline_state>();
  const std::unique_ptr<deadline_state, void (*)(deadline_state*)> finish_on_exit(
    guard.get(), [](deadline_state* g) { g->finished = true; });
  net::steady_timer deadline(socket.get_executor(), ctx->socks.handshake_timeout);
  deadline.async_wait([&socket, guard](const boost::system::error_code& ec) {
    if (ec || guard->finished)
      return;
    guard->timed_out = true;
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
  });
  auto handshake = std::move(handshake_place);
  std::array<std::uint8_t, 1024> first{};
  auto [ec, n] = co_await socket.async_read_some(net::buffer(first),
                                                 net::as_tuple(net::use_awaitable));
  if (ec || n == 0)
    co_return;
  lease_client client{std::move(ctx),
                      std::move(leases),
                      port,
                      socket,
                      std::vector<std::uint8_t>(first.begin(), first.begin() + n),
                      [guard, &deadline, &handshake] {
                        guard->finished = true;
                        deadline.cancel();
                        handshake.reset();
                        return !guard->timed_out;
                      }};
  if (client.bytes.front() == 0x05) {
    co_await serve_lease_socks(std::move(client));
  } else {
    co_await serve_lease_http(std::move(client));
  }
}

} // namespace sluice::gateway
