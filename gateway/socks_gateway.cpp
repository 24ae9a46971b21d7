// Listener of the SOCKS5 front end.
#include "gateway/socks_gateway.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/socks5/client_session.hpp"
#include "infra/log.hpp"
#include "infra/tcp_listen.hpp"

namespace sluice::gateway {
namespace net = boost::asio;

socks_gateway::socks_gateway(net::io_context& io, std::shared_ptr<const gateway_context> ctx)
  : io_(io), ctx_(std::move(ctx)), acceptor_(io) {
}

result<net::ip::tcp::endpoint> socks_gateway::listen(const infra::endpoint& where,
                                                     std::string& error_text) {
  return infra::listen_on(acceptor_, where, "socks.listen", error_text);
}

void socks_gateway::start() {
  net::co_spawn(io_, accept_loop(), [](std::exception_ptr e) {
    if (e)
      infra::log_error("gateway", "accept loop ended by an exception");
  });
}

bool socks_gateway::drain(std::chrono::milliseconds deadline) {
  net::post(io_, [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored); // The acceptor belongs to the gateway's thread.
  });
  return ctx_->relays->drain(deadline);
}

net::awaitable<void> socks_gateway::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_.async_accept(net::make_strand(io_),
                                                        net::as_tuple(net::use_awaitable));
    if (ec == net::error::operation_aborted || !acceptor_.is_open())
      co_return;
    if (ec)
      continue;
    boost::system::error_code ignored;
    socket.set_option(net::ip::tcp::no_delay(true), ignored);
    auto executor = socket.get_executor();
    net::co_spawn(executor, serve_socks_client(ctx_, std::move(socket)), [](std::exception_ptr e) {
      if (e)
        infra::log_error("gateway", "connection ended by an exception");
    });
  }
}

} // namespace sluice::gateway
