// The parts of talking to an upstream proxy that a tunnel (upstream_proxy.hpp) and a UDP
// association (upstream_udp.hpp) share: its URL, reaching it, the RFC 1928/1929 greeting and
// authentication, reading one message, and the deadline over a whole exchange.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "gateway/exit/upstream_proxy.hpp"
#include "gateway/socks5/messages.hpp"

namespace sluice::gateway::upstream {

struct url {
  std::string scheme; ///< "socks5" or "http" (the config checked it).
  std::string host;
  std::string port;
  std::string user;
  std::string password;
  bool has_credentials = false;
};

/// `socks5://[user:pass@]host:port` or `http://...`; nullopt without a port or when malformed.
std::optional<url> parse_url(const std::string& text);

struct reached {
  std::optional<boost::asio::ip::tcp::socket> socket; ///< Set when connected.
  /// This host ran out of descriptors or memory (infra/resource_errors.hpp): the upstream is
  /// not to blame.
  bool out_of_resources = false;
};

/// The TCP connection to the upstream proxy itself, each resolved address tried in turn.
boost::asio::awaitable<reached> reach(const url& where, std::chrono::milliseconds timeout);

boost::asio::awaitable<bool> send(boost::asio::ip::tcp::socket& socket,
                                  const std::vector<std::uint8_t>& bytes);

using message_parser = socks5::parse_status (*)(std::span<const std::uint8_t>);
socks5::parse_status two_bytes(std::span<const std::uint8_t> bytes);
/// A reply has a request's layout, with REP where a request has CMD.
socks5::parse_status whole_reply(std::span<const std::uint8_t> bytes);

/// Reads byte by byte until `parse` says complete (true) or malformed: replies are a few bytes,
/// and reading exactly them leaves what follows in the socket for the relay.
boost::asio::awaitable<bool> read_message(boost::asio::ip::tcp::socket& socket,
                                          std::vector<std::uint8_t>& buffer, message_parser parse);

/// The RFC 1928 greeting and, with credentials in the URL, RFC 1929 authentication. False when
/// the upstream does not take them: the node is then unusable.
boost::asio::awaitable<bool> socks5_greet(boost::asio::ip::tcp::socket& socket, const url& where);

/// `CONNECT authority HTTP/1.1` with Host and, with credentials in the URL, Basic
/// Proxy-Authorization.
std::vector<std::uint8_t> http_connect_request(const url& where, const std::string& authority);

/// The status code of an HTTP reply head, read byte by byte up to its blank line (what follows
/// stays in the socket). nullopt when the socket ends, or the head is not HTTP/1.x or too long.
boost::asio::awaitable<std::optional<int>> read_http_status(boost::asio::ip::tcp::socket& socket);
inline constexpr int proxy_auth_required = 407;

/// One deadline over a whole exchange on `socket`: expiring closes it, which ends any pending
/// read or write. finish() cancels the timer and says whether it expired first.
class exchange_deadline {
public:
  exchange_deadline(boost::asio::ip::tcp::socket& socket, std::chrono::milliseconds timeout);
  bool finish();

private:
  std::shared_ptr<deadline_state> guard_ = std::make_shared<deadline_state>();
  boost::asio::steady_timer timer_;
};

} // namespace sluice::gateway::upstream
