// Upstream proxy clients. The whole exchange with the upstream runs under one deadline; an
// upstream that cannot be reached or refuses our credentials marks the node failed, while a
// target the upstream cannot reach is the target's failure (its reply code is passed on).
#include "gateway/exit/upstream_proxy.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/url/parse.hpp>
#include <memory>

#include "gateway/exit/destination.hpp"
#include "gateway/socks5/messages.hpp"
#include "infra/async_resolve.hpp"
#include "infra/crypto.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;

namespace {

constexpr auto as_tuple_awaitable = net::as_tuple(net::use_awaitable);
constexpr std::size_t http_reply_bytes_max = 8192;

struct upstream_url {
  std::string scheme;
  std::string host;
  std::string port;
  std::string user;
  std::string password;
  bool has_credentials = false;
};

std::optional<upstream_url> parse_upstream(const std::string& text) {
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed || !parsed->has_port())
    return std::nullopt;
  upstream_url out{std::string(parsed->scheme()),
                   std::string(parsed->encoded_host()),
                   std::string(parsed->port()),
                   {},
                   {},
                   parsed->has_userinfo()};
  if (out.has_credentials) {
    out.user = parsed->user();
    out.password = parsed->password();
  }
  return out;
}

/// Opens the TCP connection to the upstream proxy itself.
net::awaitable<std::optional<tcp::socket>> reach_upstream(const upstream_url& url,
                                                          std::chrono::milliseconds timeout) {
  auto executor = co_await net::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [rec, results] = co_await infra::resolve_by_ref(resolver, url.host, url.port);
  if (rec)
    co_return std::nullopt;
  for (const auto& entry : results) {
    tcp::socket socket(executor);
    const tcp::endpoint endpoint = entry.endpoint(); // Named: GCC 12 (docs/architecture.md).
    auto ec = co_await connect_with_deadline(socket, endpoint, timeout);
    if (!ec)
      co_return std::optional<tcp::socket>{std::move(socket)};
  }
  co_return std::nullopt;
}

using message_parser = socks5::parse_status (*)(std::span<const std::uint8_t>);

socks5::parse_status two_bytes(std::span<const std::uint8_t> b) {
  return b.size() < 2 ? socks5::parse_status::need_more : socks5::parse_status::complete;
}

socks5::parse_status whole_reply(std::span<const std::uint8_t> b) {
  return socks5::parse_request(b).status; // A reply has a request's layout, REP for CMD.
}

/// Reads byte by byte until `parse` says complete or malformed: replies are a few bytes, and
/// reading exactly them leaves whatever the target sends next in the socket for the relay.
net::awaitable<bool> read_message(tcp::socket& socket, std::vector<std::uint8_t>& buffer,
                                  message_parser parse) {
  for (;;) {
    const auto status = parse(std::span<const std::uint8_t>(buffer));
    if (status == socks5::parse_status::complete)
      co_return true;
    if (status == socks5::parse_status::malformed || buffer.size() >= 600)
      co_return false;
    std::uint8_t byte = 0;
    auto [ec, n] = co_await net::async_read(socket, net::buffer(&byte, 1), as_tuple_awaitable);
    if (ec || n != 1)
      co_return false;
    buffer.push_back(byte);
  }
}

net::awaitable<bool> send(tcp::socket& socket, const std::vector<std::uint8_t>& bytes) {
  auto [ec, n] = co_await net::async_write(socket, net::buffer(bytes), as_tuple_awaitable);
  co_return !ec;
}

/// RFC 1928 client exchange on an open connection to the upstream.
net::awaitable<connect_outcome> socks5_exchange(tcp::socket& socket, const upstream_url& url,
                                                const tcp::endpoint& target) {
  connect_outcome out;
  out.node_failed = true;
  const auto wanted = url.has_credentials ? socks5::method::username_password
                                          : socks5::method::no_auth;
  const std::vector<std::uint8_t> greeting{socks5::version, 1, static_cast<std::uint8_t>(wanted)};
  std::vector<std::uint8_t> in;
  const bool greeted = co_await send(socket, greeting);
  if (!greeted || !co_await read_message(socket, in, &two_bytes))
    co_return out;
  if (in[0] != socks5::version || in[1] != static_cast<std::uint8_t>(wanted))
    co_return out;
  if (url.has_credentials) {
    const auto creds = socks5::encode_credentials({url.user, url.password});
    in.clear();
    if (!co_await send(socket, creds) || !co_await read_message(socket, in, &two_bytes))
      co_return out;
    if (in[1] != 0x00)
      co_return out; // Our credentials for the upstream are wrong: the node is unusable.
  }
  const auto request = socks5::encode_request(socks5::command::connect,
                                              address_field(target.address()), target.port());
  in.clear();
  if (!co_await send(socket, request) || !co_await read_message(socket, in, &whole_reply))
    co_return out;
  out.node_failed = false;
  const auto reply = socks5::parse_request(std::span<const std::uint8_t>(in)).value.command;
  if (reply != 0x00) {
    out.failure = static_cast<socks5::reply_code>(reply);
    co_return out;
  }
  out.socket.emplace(std::move(socket));
  co_return out;
}

/// HTTP CONNECT exchange. 2xx: connected; 407 or a garbled answer: the node fails; 403, 502 and
/// 504 are the target's refusal, unreachability and timeout.
net::awaitable<connect_outcome> http_exchange(tcp::socket& socket, const upstream_url& url,
                                              const tcp::endpoint& target) {
  connect_outcome out;
  out.node_failed = true;
  const auto authority = target.address().is_v6()
                           ? "[" + target.address().to_string()
                               + "]:" + std::to_string(target.port())
                           : target.address().to_string() + ":" + std::to_string(target.port());
  std::string request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
  if (url.has_credentials) {
    request += "Proxy-Authorization: Basic " + infra::base64_encode(url.user + ":" + url.password)
               + "\r\n";
  }
  request += "\r\n";
  std::vector<std::uint8_t> bytes(request.begin(), request.end());
  if (!co_await send(socket, bytes))
    co_return out;
  std::string head;
  while (!head.ends_with("\r\n\r\n")) {
    char c = 0;
    auto [ec, n] = co_await net::async_read(socket, net::buffer(&c, 1), as_tuple_awaitable);
    if (ec || n != 1 || head.size() >= http_reply_bytes_max)
      co_return out;
    head.push_back(c);
  }
  // "HTTP/1.1 200 Connection established"
  if (head.size() < 12 || !head.starts_with("HTTP/1."))
    co_return out;
  const auto status = head.substr(9, 3);
  out.node_failed = status == "407";
  if (status.starts_with('2')) {
    out.socket.emplace(std::move(socket));
  } else if (status == "403") {
    out.failure = socks5::reply_code::not_allowed;
  } else if (status == "504") {
    out.failure = socks5::reply_code::ttl_expired;
  } else if (status == "502") {
    out.failure = socks5::reply_code::host_unreachable;
  }
  co_return out;
}

} // namespace

net::awaitable<connect_outcome> connect_upstream(const infra::exit_node_config& node,
                                                 const std::vector<net::ip::address>& addresses,
                                                 std::uint16_t port,
                                                 std::chrono::milliseconds timeout) {
  connect_outcome out;
  out.node_failed = true;
  const auto url = parse_upstream(node.upstream);
  if (!url || addresses.empty())
    co_return out;
  auto socket = co_await reach_upstream(*url, timeout);
  if (!socket)
    co_return out;
  // One deadline over the whole exchange: closing the socket ends any pending read or write.
  auto guard = std::make_shared<deadline_state>();
  net::steady_timer deadline(socket->get_executor(), timeout);
  auto* raw = &*socket;
  deadline.async_wait([raw, guard](const boost::system::error_code& ec) {
    // `finished`: the exchange is over and the socket may be gone (the expiry raced its end).
    if (ec || guard->finished)
      return;
    guard->timed_out = true;
    boost::system::error_code ignored;
    raw->close(ignored);
  });
  const tcp::endpoint target{addresses.front(), port};
  if (url->scheme == "socks5") {
    out = co_await socks5_exchange(*socket, *url, target);
  } else {
    out = co_await http_exchange(*socket, *url, target);
  }
  guard->finished = true;
  deadline.cancel();
  if (guard->timed_out) {
    out.socket.reset();
    out.node_failed = false;
    out.failure = socks5::reply_code::ttl_expired;
  }
  co_return out;
}

} // namespace sluice::gateway
