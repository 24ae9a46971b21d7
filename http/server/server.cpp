// Listener. Each connection gets a strand and a coroutine; a failure in one is logged and ends
// only that connection (no asio::detached: it would swallow the exception).
#include "http/server/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/limits.hpp"
#include "http/server/session.hpp"
#include "infra/accept_backoff.hpp"
#include "infra/log.hpp"
#include "infra/tcp_listen.hpp"

namespace sluice::http {
namespace net = boost::asio;

server::server(net::io_context& io, std::shared_ptr<const router> routes,
               infra::admission_caps caps, connection_options options)
  : io_(io),
    routes_(std::move(routes)),
    acceptor_(io),
    connections_(infra::connection_admission::create(caps)),
    options_(std::make_shared<const connection_options>(std::move(options))) {
}

result<net::ip::tcp::endpoint> server::listen(const infra::endpoint& where,
                                              std::string& error_text) {
  return infra::listen_on(acceptor_, where, "http.listen", error_text);
}

void server::start() {
  net::co_spawn(io_, accept_loop(), [](std::exception_ptr e) {
    if (e)
      infra::log_error("http", "accept loop ended by an exception");
  });
}

void server::stop() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

net::awaitable<void> server::accept_loop() {
  infra::accept_backoff backoff("http.listen");
  net::steady_timer pause(io_);
  for (;;) {
    auto [ec, socket] = co_await acceptor_.async_accept(net::make_strand(io_),
                                                        net::as_tuple(net::use_awaitable));
    if (ec == net::error::operation_aborted || !acceptor_.is_open())
      co_return;
    if (ec) {
      pause.expires_after(backoff.failed(ec));
      co_await pause.async_wait(net::as_tuple(net::use_awaitable));
      continue;
    }
    backoff.succeeded();
    boost::system::error_code peer_ec;
    const auto peer = socket.remote_endpoint(peer_ec);
    if (peer_ec)
      continue; // Gone already.
    auto place = connections_->admit(
      peer.address(), infra::connection_admission::shutdown_socket(socket.native_handle()));
    if (!place)
      continue; // Closed on scope exit: its address has no connection waiting to make room.
    auto executor = socket.get_executor();
    net::co_spawn(executor,
                  serve_connection(std::move(socket), routes_, std::move(place), options_),
                  [](std::exception_ptr e) {
                    if (e)
                      infra::log_error("http", "connection ended by an exception");
                  });
  }
}

} // namespace sluice::http
