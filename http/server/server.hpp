// The HTTP/1.1 server of the REST faces on Boost.Beast: one coroutine per connection on its own
// strand, keep-alive, limits on header and body size and a deadline on every read and write.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "events/base/result.hpp"
#include "http/server/router.hpp"
#include "http/server/session.hpp"
#include "infra/config.hpp"
#include "infra/connection_admission.hpp"

namespace sluice::http {

class server {
public:
  server(boost::asio::io_context& io, std::shared_ptr<const router> routes,
         infra::admission_caps caps, connection_options options);

  /// Binds and listens; port 0 picks a free port. Returns the bound address.
  result<boost::asio::ip::tcp::endpoint> listen(const infra::endpoint& where,
                                                std::string& error_text);
  /// Starts accepting on the io_context.
  void start();
  /// Stops accepting; open connections end after their current request.
  void stop();

private:
  boost::asio::awaitable<void> accept_loop();

  boost::asio::io_context& io_;
  std::shared_ptr<const router> routes_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<infra::connection_admission> connections_;
  std::shared_ptr<const connection_options> options_;
};

} // namespace sluice::http
