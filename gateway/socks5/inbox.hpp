// Bytes read from a SOCKS5 client and not yet parsed, and the read-until-parsed loop every SOCKS5
// front end (the gateway's, a lease port's) runs its handshake with.
#pragma once

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <vector>

#include "gateway/socks5/messages.hpp"

namespace sluice::gateway::socks5 {

struct inbox {
  boost::asio::ip::tcp::socket& socket;
  std::vector<std::uint8_t> bytes;

  /// Reads until `parse` completes; nullopt on malformed input, EOF, error, or more than 1 KiB
  /// of handshake.
  template <class T>
  boost::asio::awaitable<std::optional<T>> next(parsed<T> (*parse)(std::span<const std::uint8_t>)) {
    namespace net = boost::asio;
    std::array<std::uint8_t, 512> more{};
    for (;;) {
      auto got = parse(std::span<const std::uint8_t>(bytes));
      if (got.status == parse_status::complete) {
        bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(got.consumed));
        co_return std::move(got.value);
      }
      if (got.status == parse_status::malformed || bytes.size() > 1024)
        co_return std::nullopt;
      auto [ec, n] = co_await socket.async_read_some(net::buffer(more),
                                                     net::as_tuple(net::use_awaitable));
      if (ec)
        co_return std::nullopt;
      bytes.insert(bytes.end(), more.begin(), more.begin() + static_cast<std::ptrdiff_t>(n));
    }
  }
};

} // namespace sluice::gateway::socks5
