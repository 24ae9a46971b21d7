#include "gateway/exit/upstream_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/url/parse.hpp>

#include "infra/async_resolve.hpp"
#include "infra/crypto.hpp"
#include "infra/resource_errors.hpp"

namespace sluice::gateway::upstream {
namespace net = boost::asio;
using net::ip::tcp;

namespace {

constexpr auto as_tuple_awaitable = net::as_tuple(net::use_awaitable);
constexpr std::size_t message_bytes_max = 600;
constexpr std::size_t http_reply_bytes_max = 8192;

} // namespace

std::optional<url> parse_url(const std::string& text) {
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed || !parsed->has_port())
    return std::nullopt;
  url out{std::string(parsed->scheme()),
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

net::awaitable<reached> reach(const url& where, std::chrono::milliseconds timeout) {
  auto executor = co_await net::this_coro::executor;
  reached out;
  tcp::resolver resolver(executor);
  auto [rec, results] = co_await infra::resolve_by_ref(resolver, where.host, where.port);
  if (rec) {
    out.out_of_resources = infra::out_of_resources(rec); // The resolver's socket, say.
    co_return out;
  }
  for (const auto& entry : results) {
    tcp::socket socket(executor);
    const tcp::endpoint endpoint = entry.endpoint(); // Named: GCC 12 (docs/architecture.md).
    auto ec = co_await connect_with_deadline(socket, endpoint, timeout);
    if (!ec) {
      out.socket.emplace(std::move(socket));
      co_return out;
    }
    if (infra::out_of_resources(ec)) {
      out.out_of_resources = true; // The next address would fail the same way.
      co_return out;
    }
  }
  co_return out;
}

net::awaitable<bool> send(tcp::socket& socket, const std::vector<std::uint8_t>& bytes) {
  auto [ec, n] = co_await net::async_write(socket, net::buffer(bytes), as_tuple_awaitable);
  co_return !ec;
}

socks5::parse_status two_bytes(std::span<const std::uint8_t> bytes) {
  return bytes.size() < 2 ? socks5::parse_status::need_more : socks5::parse_status::complete;
}

socks5::parse_status whole_reply(std::span<const std::uint8_t> bytes) {
  return socks5::parse_request(bytes).status;
}

net::awaitable<bool> read_message(tcp::socket& socket, std::vector<std::uint8_t>& buffer,
                                  message_parser parse) {
  for (;;) {
    const auto status = parse(std::span<const std::uint8_t>(buffer));
    if (status == socks5::parse_status::complete)
      co_return true;
    if (status == socks5::parse_status::malformed || buffer.size() >= message_bytes_max)
      co_return false;
    std::uint8_t byte = 0;
    auto [ec, n] = co_await net::async_read(socket, net::buffer(&byte, 1), as_tuple_awaitable);
    if (ec || n != 1)
      co_return false;
    buffer.push_back(byte);
  }
}

net::awaitable<bool> socks5_greet(tcp::socket& socket, const url& where) {
  const auto wanted = where.has_credentials ? socks5::method::username_password
                                            : socks5::method::no_auth;
  const std::vector<std::uint8_t> greeting{socks5::version, 1, static_cast<std::uint8_t>(wanted)};
  std::vector<std::uint8_t> in;
  const bool greeted = co_await send(socket, greeting);
  if (!greeted || !co_await read_message(socket, in, &two_bytes))
    co_return false;
  if (in[0] != socks5::version || in[1] != static_cast<std::uint8_t>(wanted))
    co_return false;
  if (!where.has_credentials)
    co_return true;
  const auto creds = socks5::encode_credentials({where.user, where.password});
  in.clear();
  if (!co_await send(socket, creds) || !co_await read_message(socket, in, &two_bytes))
    co_return false;
  co_return in[1] == 0x00;
}

std::vector<std::uint8_t> http_connect_request(const url& where, const std::string& authority) {
  // Appended piecewise: GCC 12 warns (-Wrestrict, falsely) about a chain of + here.
  std::string request;
  request.append("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ").append(authority);
  request.append("\r\n");
  if (where.has_credentials) {
    request.append("Proxy-Authorization: Basic ");
    request.append(infra::base64_encode(where.user + ":" + where.password)).append("\r\n");
  }
  request.append("\r\n");
  return {request.begin(), request.end()};
}

net::awaitable<std::optional<int>> read_http_status(tcp::socket& socket) {
  std::string head;
  while (!head.ends_with("\r\n\r\n")) {
    char c = 0;
    auto [ec, n] = co_await net::async_read(socket, net::buffer(&c, 1), as_tuple_awaitable);
    if (ec || n != 1 || head.size() >= http_reply_bytes_max)
      co_return std::nullopt;
    head.push_back(c);
  }
  // "HTTP/1.1 200 Connection established"
  const auto digit = [&head](std::size_t i) { return head[i] >= '0' && head[i] <= '9'; };
  if (head.size() < 13 || !head.starts_with("HTTP/1.") || head[8] != ' ' || !digit(9) || !digit(10)
      || !digit(11)) {
    co_return std::nullopt;
  }
  co_return (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
}

exchange_deadline::exchange_deadline(tcp::socket& socket, std::chrono::milliseconds timeout)
  : timer_(socket.get_executor(), timeout) {
  timer_.async_wait([raw = &socket, guard = guard_](const boost::system::error_code& ec) {
    // `finished`: the exchange is over and the socket may be gone (the expiry raced its end).
    if (ec || guard->finished)
      return;
    guard->timed_out = true;
    boost::system::error_code ignored;
    raw->close(ignored);
  });
}

bool exchange_deadline::finish() {
  guard_->finished = true;
  timer_.cancel();
  return guard_->timed_out;
}

} // namespace sluice::gateway::upstream
