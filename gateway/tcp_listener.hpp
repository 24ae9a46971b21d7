// The one TCP listener of the gateway's front ends: the SOCKS5 port and every lease's port use
// it. It accepts on its strand of the pool's first worker, takes the rest of the backlog at once,
// backs off when accept fails (infra/accept_backoff.hpp), admits each connection under the caps
// of the connections still in their handshake (infra/connection_admission.hpp) and hands it, on
// the worker it was accepted for, to the front end's `serve`.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <functional>
#include <memory>
#include <string>

#include "events/base/result.hpp"
#include "gateway/worker_pool.hpp"
#include "infra/config.hpp"
#include "infra/connection_admission.hpp"

namespace sluice::gateway {

class tcp_listener : public std::enable_shared_from_this<tcp_listener> {
public:
  /// Starts serving one admitted connection: the handshake's place is the front end's to give
  /// back once the client has said what it wants (or to keep until it ends).
  using serve_fn = std::function<void(boost::asio::ip::tcp::socket,
                                      std::unique_ptr<infra::connection_admission::place>)>;

  /// `name` is the config key the address came from ("socks.listen"), for errors and logs.
  /// `handshakes` may be shared by several listeners (every lease port shares one).
  tcp_listener(worker_pool& workers, std::string name,
               std::shared_ptr<infra::connection_admission> handshakes, serve_fn serve);

  /// Binds the listening socket; the bound endpoint (port 0 picks one).
  result<boost::asio::ip::tcp::endpoint> listen(const infra::endpoint& where,
                                                std::string& error_text);
  /// Accepts until close(). The listener keeps itself alive while it accepts.
  void start();
  /// Stops accepting; safe from any thread. Connections already served go on.
  void close();

private:
  boost::asio::awaitable<void> accept_loop();
  void admit(boost::asio::ip::tcp::socket socket);

  worker_pool& workers_;
  std::string name_;
  std::shared_ptr<infra::connection_admission> handshakes_;
  serve_fn serve_;
  /// The accept loop and close() (which may come from another thread).
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
};

} // namespace sluice::gateway
