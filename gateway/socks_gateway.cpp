// Listener of the SOCKS5 front end.
#include "gateway/socks_gateway.hpp"

#include <poll.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/exit/node_probe.hpp"
#include "gateway/socks5/client_session.hpp"
#include "infra/accept_backoff.hpp"
#include "infra/log.hpp"
#include "infra/tcp_listen.hpp"

namespace sluice::gateway {
namespace net = boost::asio;

namespace {

net::awaitable<void> check_node(std::shared_ptr<const node_checker> checker, std::string node,
                                std::function<void(std::string)> done) {
  done(co_await checker->check(node));
}

} // namespace

socks_gateway::socks_gateway(worker_pool& workers, std::shared_ptr<const gateway_context> ctx)
  : workers_(workers),
    ctx_(std::move(ctx)),
    accept_strand_(net::make_strand(workers.first())),
    acceptor_(workers.first()),
    handshakes_(infra::connection_admission::create(
      {.total_max = ctx_->socks.max_handshakes,
       .per_address_max = ctx_->socks.max_handshakes_per_address,
       .reserve = 0})) {
}

result<net::ip::tcp::endpoint> socks_gateway::listen(const infra::endpoint& where,
                                                     std::string& error_text) {
  return infra::listen_on(acceptor_, where, "socks.listen", error_text);
}

void socks_gateway::start() {
  net::co_spawn(accept_strand_, accept_loop(), [](std::exception_ptr e) {
    if (e)
      infra::log_error("gateway", "accept loop ended by an exception");
  });
  ctx_->port.set_node_probe([checker = std::make_shared<const node_checker>(ctx_),
                             executor = workers_.first().get_executor()](
                              const std::string& node, std::function<void(std::string)> done) {
    net::co_spawn(executor, check_node(checker, node, std::move(done)), [](std::exception_ptr e) {
      if (e)
        infra::log_error("gateway", "an exit-node check ended by an exception");
    });
  });
}

bool socks_gateway::drain(std::chrono::milliseconds deadline) {
  ctx_->port.set_node_probe({});
  net::post(accept_strand_, [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored); // The acceptor belongs to the accept loop's strand.
  });
  return ctx_->relays->drain(deadline);
}

namespace {

/// Connections taken at once, beyond the one async_accept delivered.
constexpr int accept_burst_max = 64;
/// Handshakes shed when an accept fails for want of descriptors (the largest holders' oldest
/// first): enough for a burst of real clients queued in the backlog to get in.
constexpr std::size_t shed_when_short_count = 16;

/// Whether connections wait in the listener's backlog (its socket is readable). poll(2) needs no
/// descriptor of its own, which matters here: it is asked when there are none.
bool backlog_waiting(net::ip::tcp::acceptor& acceptor) {
  pollfd listener{acceptor.native_handle(), POLLIN, 0};
  return ::poll(&listener, 1, 0) == 1 && (listener.revents & POLLIN) != 0;
}

/// Starts serving `socket` if it gets a place among the handshakes; else closes it.
void serve(const std::shared_ptr<const gateway_context>& ctx,
           infra::connection_admission& admission, net::ip::tcp::socket socket) {
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  if (ec)
    return; // Gone already.
  auto place = admission.admit(
    peer.address(), infra::connection_admission::shutdown_socket(socket.native_handle()));
  if (!place)
    return; // Its address holds its cap of handshakes, none of them able to make room.
  socket.set_option(net::ip::tcp::no_delay(true), ec);
  auto executor = socket.get_executor();
  net::co_spawn(executor, serve_socks_client(ctx, std::move(socket), std::move(place)),
                [](std::exception_ptr e) {
                  if (e)
                    infra::log_error("gateway", "connection ended by an exception");
                });
}

} // namespace

net::awaitable<void> socks_gateway::accept_loop() {
  boost::system::error_code ec;
  acceptor_.non_blocking(true, ec); // For the burst below; async_accept works either way.
  infra::accept_backoff backoff("socks.listen");
  net::steady_timer pause(accept_strand_);
  for (;;) {
    auto [accept_ec, socket] = co_await acceptor_.async_accept(workers_.upcoming(),
                                                               net::as_tuple(net::use_awaitable));
    workers_.taken();
    if (accept_ec == net::error::operation_aborted || !acceptor_.is_open())
      co_return;
    if (accept_ec) {
      const auto wait = backoff.failed(accept_ec);
      // Short of descriptors with clients queued: make room for them. (An accept fails at the
      // limit even with nobody queued: Linux takes the descriptor before looking.)
      if (wait.count() > 0 && backlog_waiting(acceptor_))
        handshakes_->shed_some(shed_when_short_count);
      pause.expires_after(wait);
      co_await pause.async_wait(net::as_tuple(net::use_awaitable));
      continue;
    }
    backoff.succeeded();
    serve(ctx_, *handshakes_, std::move(socket));
    // Take the rest of the backlog now. Each async_accept completes only after every handler
    // queued before it on this thread has run: under churn that alone held a new connection
    // ~5 ms before its greeting was read (bench/README.md).
    for (int i = 0; i < accept_burst_max; ++i) {
      net::ip::tcp::socket more(workers_.upcoming());
      acceptor_.accept(more, ec);
      if (ec)
        break; // would_block: the backlog is empty. Anything else: async_accept sees it too.
      workers_.taken();
      serve(ctx_, *handshakes_, std::move(more));
    }
  }
}

} // namespace sluice::gateway
