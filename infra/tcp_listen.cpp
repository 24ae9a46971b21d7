#include "infra/tcp_listen.hpp"

namespace sluice::infra {
namespace net = boost::asio;

result<net::ip::tcp::endpoint> listen_on(net::ip::tcp::acceptor& acceptor, const endpoint& where,
                                         std::string_view key, std::string& error_text) {
  boost::system::error_code ec;
  net::ip::tcp::endpoint bound_to;
  if (auto address = net::ip::make_address(where.host, ec); !ec) {
    bound_to = {address, where.port};
  } else {
    // A host name ("localhost"): resolved once, at start-up, to its first address.
    net::ip::tcp::resolver resolver(acceptor.get_executor());
    auto found = resolver.resolve(where.host, std::to_string(where.port), ec);
    if (ec || found.empty()) {
      error_text = std::string{key} + ": cannot resolve \"" + where.host + "\"";
      return errc::config_invalid;
    }
    bound_to = found.begin()->endpoint();
  }
  if (acceptor.open(bound_to.protocol(), ec); !ec) {
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
    acceptor.bind(bound_to, ec);
  }
  if (!ec)
    acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    error_text = std::string{key} + ": cannot listen on " + where.host + ":"
                 + std::to_string(where.port) + ": " + ec.message();
    return errc::io_error;
  }
  return acceptor.local_endpoint();
}

} // namespace sluice::infra
