#include "gateway/exit/node_probe.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>

#include "gateway/exit/upstream_session.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;

namespace {

constexpr const char* http_check_authority = "node-check.sluice.invalid:443";

bool binds(const std::string& address, const net::any_io_executor& executor) {
  if (address.empty())
    return true; // The host's default route: nothing of the node's own to check.
  boost::system::error_code ec;
  const auto bind_address = net::ip::make_address(address, ec);
  tcp::socket socket(executor);
  if (!ec)
    socket.open(bind_address.is_v4() ? tcp::v4() : tcp::v6(), ec);
  if (!ec)
    socket.bind(tcp::endpoint{bind_address, 0}, ec);
  return !ec;
}

net::awaitable<bool> upstream_answers(const infra::exit_node_config& node,
                                      std::chrono::milliseconds timeout) {
  const auto url = upstream::parse_url(node.upstream);
  if (!url)
    co_return false;
  auto socket = co_await upstream::reach(*url, timeout);
  if (!socket)
    co_return false;
  upstream::exchange_deadline deadline(*socket, timeout);
  bool works = false;
  if (url->scheme == "socks5") {
    works = co_await upstream::socks5_greet(*socket, *url);
  } else {
    // A name that can never resolve (RFC 6761): a proxy checks our credentials first (407 when
    // it refuses them), then fails the name, and no connection is made anywhere. Any answer but
    // 407 is a working proxy; silence is a hung one.
    const auto request = upstream::http_connect_request(*url, http_check_authority);
    if (co_await upstream::send(*socket, request)) {
      const auto status = co_await upstream::read_http_status(*socket);
      works = status && *status != upstream::proxy_auth_required;
    }
  }
  co_return !deadline.finish() && works;
}

} // namespace

net::awaitable<std::string> probe_node(const infra::exit_node_config& node,
                                       std::chrono::milliseconds timeout) {
  if (node.kind == "direct")
    co_return binds(node.bind, co_await net::this_coro::executor) ? "" : "bind_failed";
  co_return co_await upstream_answers(node, timeout) ? "" : "upstream_failed";
}

} // namespace sluice::gateway
