#include "gateway/tcp_listener.hpp"

#include <poll.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "infra/accept_backoff.hpp"
#include "infra/log.hpp"
#include "infra/tcp_listen.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;

namespace {

/// Connections taken at once, beyond the one async_accept delivered.
constexpr int accept_burst_max = 64;
/// Handshakes shed when an accept fails for want of descriptors (the largest holders' oldest
/// first): enough for a burst of real clients queued in the backlog to get in.
constexpr std::size_t shed_when_short_count = 16;

/// Whether connections wait in the listener's backlog (its socket is readable). poll(2) needs no
/// descriptor of its own, which matters here: it is asked when there are none.
bool backlog_waiting(tcp::acceptor& acceptor) {
  pollfd listener{acceptor.native_handle(), POLLIN, 0};
  return ::poll(&listener, 1, 0) == 1 && (listener.revents & POLLIN) != 0;
}

} // namespace

tcp_listener::tcp_listener(worker_pool& workers, std::string name,
                           std::shared_ptr<infra::connection_admission> handshakes, serve_fn serve)
  : workers_(workers),
    name_(std::move(name)),
    handshakes_(std::move(handshakes)),
    serve_(std::move(serve)),
    strand_(net::make_strand(workers.first())),
    acceptor_(workers.first()) {
}

result<tcp::endpoint> tcp_listener::listen(const infra::endpoint& where, std::string& error_text) {
  return infra::listen_on(acceptor_, where, name_, error_text);
}

void tcp_listener::start() {
  net::co_spawn(strand_, accept_loop(), [name = name_](std::exception_ptr e) {
    if (e)
      infra::log_error("gateway", "the accept loop of " + name + " ended by an exception");
  });
}

void tcp_listener::close() {
  net::post(strand_, [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored); // The acceptor belongs to the accept loop's strand.
  });
}

void tcp_listener::admit(tcp::socket socket) {
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  if (ec)
    return; // Gone already.
  auto place = handshakes_->admit(
    peer.address(), infra::connection_admission::shutdown_socket(socket.native_handle()));
  if (!place)
    return; // Its address holds its cap of handshakes, none of them able to make room.
  socket.set_option(tcp::no_delay(true), ec);
  serve_(std::move(socket), std::move(place));
}

net::awaitable<void> tcp_listener::accept_loop() {
  auto self = shared_from_this();
  boost::system::error_code ec;
  acceptor_.non_blocking(true, ec); // For the burst below; async_accept works either way.
  infra::accept_backoff backoff(name_);
  net::steady_timer pause(strand_);
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
    admit(std::move(socket));
    // Take the rest of the backlog now. Each async_accept completes only after every handler
    // queued before it on this thread has run: under churn that alone held a new connection
    // ~5 ms before its greeting was read (bench/README.md).
    for (int i = 0; i < accept_burst_max; ++i) {
      tcp::socket more(workers_.upcoming());
      acceptor_.accept(more, ec);
      if (ec)
        break; // would_block: the backlog is empty. Anything else: async_accept sees it too.
      workers_.taken();
      admit(std::move(more));
    }
  }
}

} // namespace sluice::gateway
