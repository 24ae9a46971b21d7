// The HTTP proxy front end of a lease's port (RFC 9110 §9.3.6 CONNECT, and absolute-form
// requests for plain http). Beast parses the request head (never hand-rolled); the body, if any,
// and everything after are relayed as they come. Credentials: `Proxy-Authorization: Basic`
// with the lease's user and password, else 407 with `Proxy-Authenticate: Basic realm="sluice"`.
// An absolute-form request is sent on in origin-form with the hop-by-hop headers and
// Proxy-Authorization removed and `Connection: close`, so the connection carries that one
// exchange. Refusals: 403 policy, 502 refused or unreachable target, 503 lease disconnected or
// its node down, 504 timeout.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include "gateway/lease/http_proxy_request.hpp"
#include "gateway/lease/lease_client.hpp"
#include "gateway/lease/lease_connect.hpp"
#include "gateway/lease/lease_tunnel.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
namespace http = boost::beast::http;
using net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
constexpr std::size_t head_bytes_max = 16 * 1024;

net::awaitable<void> answer(tcp::socket& socket, std::string_view status,
                            std::string_view extra_headers = {}) {
  std::string text = "HTTP/1.1 ";
  text += status;
  text += "\r\n";
  text += extra_headers;
  text += "Content-Length: 0\r\nConnection: close\r\n\r\n";
  co_await net::async_write(socket, net::buffer(text), use_tuple);
}

std::string_view status_for(refusal why) {
  switch (why) {
    case refusal::policy:
    case refusal::revoked:
      return "403 Forbidden";
    case refusal::no_exit_node:
      return "503 Service Unavailable";
    case refusal::timed_out:
      return "504 Gateway Timeout";
    default: // Refused or unreachable target, a name that does not resolve.
      return "502 Bad Gateway";
  }
}

/// What is left in `buffer` after the head: the first bytes of the body or the tunnel.
std::vector<std::uint8_t> leftover(const boost::beast::flat_buffer& buffer) {
  const auto data = buffer.data();
  const auto* begin = static_cast<const std::uint8_t*>(data.data());
  return {begin, begin + data.size()};
}

} // namespace

net::awaitable<void> serve_lease_http(lease_client client) {
  boost::beast::flat_buffer buffer;
  auto seeded = buffer.prepare(client.bytes.size());
  std::memcpy(seeded.data(), client.bytes.data(), client.bytes.size());
  buffer.commit(client.bytes.size());
  http::request_parser<http::empty_body> parser;
  parser.header_limit(head_bytes_max);
  parser.eager(false);
  auto [ec, n] = co_await http::async_read_header(client.socket, buffer, parser, use_tuple);
  if (ec) {
    if (ec != net::error::eof && ec != net::error::connection_reset)
      co_await answer(client.socket, "400 Bad Request");
    co_return;
  }
  if (!client.end_handshake())
    co_return;
  const auto& head = parser.get();
  auto request = read_proxy_request(head);
  if (!request) {
    co_await answer(client.socket, "400 Bad Request");
    co_return;
  }
  auto lease = client.leases->authenticate(client.port, request->username, request->password);
  if (!lease || !request->authenticated) {
    co_await answer(client.socket, "407 Proxy Authentication Required",
                    "Proxy-Authenticate: Basic realm=\"sluice\"\r\n");
    co_return;
  }
  auto opened = co_await connect_for_lease(*client.ctx, *lease, request->where);
  if (!opened.target) {
    co_await answer(client.socket, status_for(opened.why));
    co_return;
  }
  auto early = leftover(buffer);
  if (request->tunnel) {
    const std::string_view established = "HTTP/1.1 200 Connection established\r\n\r\n";
    auto [wec, wn] = co_await net::async_write(client.socket, net::buffer(established), use_tuple);
    if (wec)
      co_return;
  } else {
    auto [wec, wn] = co_await net::async_write(*opened.target, net::buffer(request->forwarded_head),
                                               use_tuple);
    if (wec) {
      co_await answer(client.socket, "502 Bad Gateway");
      co_return;
    }
  }
  auto tunnel = std::make_shared<lease_tunnel>(client.ctx, client.leases, std::move(*lease),
                                               std::move(client.socket), std::move(*opened.target),
                                               std::move(early), request->upload_limit);
  tunnel->start();
}

} // namespace sluice::gateway
