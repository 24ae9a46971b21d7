// The connection loop. Errors are values (as_tuple): EOF, reset and timeout end the loop quietly.
// Written by hand rather than from Boost 1.81's awaitable example, which loops on end-of-stream.
#include "http/server/session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdio>

#include "http/errors.hpp"
#include "http/limits.hpp"

namespace sluice::http {
namespace net = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr auto tuple_awaitable = net::as_tuple(net::use_awaitable);

/// Writes a streamed reply with chunked transfer encoding, one chunk per piece; to an HTTP/1.0
/// client (which knows no chunks) the pieces as they are, ended by closing the connection.
/// False when the connection must close (a write failed, the source failed, HTTP/1.0, or the
/// client asked to close).
net::awaitable<bool> write_streamed(beast::tcp_stream& stream, streamed_reply& reply,
                                    bool keep_alive, bool head_only) {
  auto& head = reply.head;
  const bool chunked = head.version() >= 11;
  keep_alive = keep_alive && chunked;
  head.keep_alive(keep_alive);
  head.body().clear();
  head.chunked(chunked);
  beast::http::response_serializer<beast::http::string_body> serializer{head};
  stream.expires_after(limits::io_timeout);
  auto [ec, n] = co_await beast::http::async_write_header(stream, serializer, tuple_awaitable);
  (void) n;
  if (ec)
    co_return false;
  if (head_only)
    co_return keep_alive;
  for (;;) {
    auto piece = reply.body();
    if (!piece)
      co_return false; // No last chunk: the client sees the export cut, not complete.
    std::string framed;
    if (!chunked) {
      if (!*piece)
        co_return false;
      framed = std::move(**piece);
    } else if (*piece) {
      if ((*piece)->empty())
        continue;
      char size[20];
      std::snprintf(size, sizeof size, "%zx\r\n", (*piece)->size());
      framed.reserve((*piece)->size() + 24);
      framed.append(size).append(**piece).append("\r\n");
    } else {
      framed = "0\r\n\r\n";
    }
    stream.expires_after(limits::io_timeout);
    auto [wec, wn] = co_await net::async_write(stream, net::buffer(framed), tuple_awaitable);
    (void) wn;
    if (wec)
      co_return false;
    if (chunked && !*piece)
      co_return keep_alive;
  }
}

/// Reads one request: its line and headers under the short header deadline (the connection
/// counts as waiting meanwhile, and may be shed), then its body under the I/O deadline. The
/// header deadline shuts the socket down rather than closing it (as Beast's own timeout would):
/// a descriptor closed while its place is held could be another connection's by the time a
/// shed shuts it down.
net::awaitable<beast::error_code>
read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer,
             beast::http::request_parser<beast::http::string_body>& parser,
             infra::connection_admission::place& place, const connection_options& options) {
  place.set_waiting(true);
  stream.expires_never();
  auto read_done = std::make_shared<bool>(false);
  net::steady_timer deadline(stream.get_executor(), options.header_timeout);
  deadline.async_wait([&stream, read_done](const boost::system::error_code& ec) {
    if (ec || *read_done)
      return;
    beast::error_code ignored;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  });
  auto [ec, n] = co_await beast::http::async_read_header(stream, buffer, parser, tuple_awaitable);
  *read_done = true;
  deadline.cancel();
  place.set_waiting(false);
  if (ec || parser.is_done())
    co_return ec;
  stream.expires_after(limits::io_timeout);
  auto [body_ec, body_n] = co_await beast::http::async_read(stream, buffer, parser,
                                                            tuple_awaitable);
  (void) n;
  (void) body_n;
  co_return body_ec;
}

response refusal(status_code status, std::string_view detail) {
  request bare;
  bare.version(11);
  auto res = error_response(bare, status, detail);
  res.keep_alive(false);
  return res;
}

} // namespace

net::awaitable<void> serve_connection(net::ip::tcp::socket socket,
                                      std::shared_ptr<const router> routes,
                                      std::unique_ptr<infra::connection_admission::place> place,
                                      std::shared_ptr<const connection_options> options) {
  beast::tcp_stream stream(std::move(socket));
  // Declared after the stream, so given back before the socket closes: a shed (shutdown(2) of
  // the descriptor, from another thread) never reaches a descriptor reused by then.
  const auto held = std::move(place);
  beast::flat_buffer buffer;
  for (;;) {
    beast::http::request_parser<beast::http::string_body> parser;
    parser.header_limit(limits::header_bytes_max);
    parser.body_limit(limits::body_bytes_max);
    const auto read_ec = co_await read_request(stream, buffer, parser, *held, *options);
    response res;
    if (read_ec == beast::http::error::body_limit) {
      res = refusal(status_code::payload_too_large, "Request body too large");
    } else if (read_ec == beast::http::error::header_limit) {
      res = refusal(status_code::request_header_fields_too_large, "Request headers too large");
    } else if (read_ec) {
      break; // End of stream, reset, timeout or a malformed request: nothing to answer.
    } else if (held->reserved() && !options->is_operator(parser.get())) {
      res = refusal(status_code::service_unavailable,
                    "The server is at its connection limit; try again shortly");
      res.set(beast::http::field::retry_after, "1");
    } else {
      auto req = parser.release();
      auto reply = co_await routes->dispatch(req);
      if (reply.body) {
        const bool head_only = req.method() == beast::http::verb::head;
        if (!co_await write_streamed(stream, reply, req.keep_alive(), head_only))
          break;
        continue;
      }
      res = std::move(reply.head);
      res.keep_alive(req.keep_alive());
      if (req.method() == beast::http::verb::head)
        res.body().clear();
    }
    res.prepare_payload();
    stream.expires_after(limits::io_timeout);
    auto [write_ec, write_n] = co_await beast::http::async_write(stream, res,
                                                                 net::as_tuple(net::use_awaitable));
    (void) write_n;
    if (write_ec || !res.keep_alive())
      break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
}

} // namespace sluice::http
