// The relay of one UDP ASSOCIATE (RFC 1928 §7) under a credit grant: datagrams from the client
// arrive on `client_side` with a SOCKS UDP header, are checked like a CONNECT's destination and
// leave from the exit node's address on `exit_side`; answers from the peers the client wrote to
// come back with the header naming their source. Through a socks5 exit node the datagrams go to
// the upstream's own relay instead, with a header naming the vetted destination, and come back
// from it with a header naming their source. Only the payload bytes are metered, both ways,
// as they are sent. It lives as long as the TCP control connection (or until the account orders
// it closed). Datagrams that cannot be relayed are dropped, as UDP may: a sender other than the
// client, a fragment, a refused destination, an answer from a peer the client never wrote to.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>

#include "gateway/exit/upstream_udp.hpp"
#include "gateway/relay/usage_meter.hpp"
#include "gateway/socks5/messages.hpp"

namespace sluice::gateway {

/// The sockets of an association, bound before the client is told where to send.
struct udp_sockets {
  boost::asio::ip::udp::socket client_side;   ///< On the gateway's address the client reached.
  boost::asio::ip::udp::socket exit_side;     ///< On the exit node's address.
  std::optional<upstream_udp_relay> upstream; ///< Through a socks5 node: its upstream's relay.
};

class udp_association : public std::enable_shared_from_this<udp_association> {
public:
  /// `client_port`: the port the client said it sends from; 0 if it did not know (then the first
  /// datagram from the client's address fixes it).
  udp_association(std::shared_ptr<const gateway_context> ctx, boost::asio::ip::tcp::socket control,
                  udp_sockets sockets, actors::open_tunnel spec, std::uint64_t granted,
                  std::uint16_t client_port);

  void start();

private:
  boost::asio::awaitable<void> watch_control();
  boost::asio::awaitable<void> watch_upstream();
  /// The next datagram, read into the per-thread chunk: its size, or nullopt once the
  /// association is closing or the socket failed (which closes it).
  boost::asio::awaitable<std::optional<std::size_t>>
  receive(boost::asio::ip::udp::socket& from, boost::asio::ip::udp::endpoint& sender);
  boost::asio::awaitable<void> relay_up();
  boost::asio::awaitable<void> relay_down();
  /// Sends a client's payload on to `to`, directly or through the upstream: the payload bytes
  /// sent, or nullopt when the datagram was lost.
  std::optional<std::size_t> send_up(std::span<const std::uint8_t> payload,
                                     const boost::asio::ip::udp::endpoint& to);
  /// The peer and payload of a datagram that arrived on the exit side from `sender`; nullopt
  /// when it is not an answer to relay (through an upstream: not from its relay, or a fragment).
  std::optional<std::pair<boost::asio::ip::udp::endpoint, std::span<const std::uint8_t>>>
  answer_from(const boost::asio::ip::udp::endpoint& sender, std::span<const std::uint8_t> datagram);
  /// Checks a destination the client named (`named`: its header bytes) and remembers the
  /// verdict: the vetted address, or nullopt when it may not be reached.
  boost::asio::awaitable<std::optional<boost::asio::ip::udp::endpoint>>
  route(std::string named, const socks5::destination& where, std::uint16_t port);
  /// Waits until the allowance covers `bytes` (at most grant_bytes); false when it never will:
  /// the association is closing, or was refused credit (it is then closed).
  boost::asio::awaitable<bool> allowance_for(std::size_t bytes);
  bool from_client(const boost::asio::ip::udp::endpoint& sender);
  void close_sockets();
  void loop_ended();

  std::shared_ptr<const gateway_context> ctx_;
  boost::asio::ip::tcp::socket control_;
  boost::asio::ip::udp::socket client_side_;
  boost::asio::ip::udp::socket exit_side_;
  std::optional<upstream_udp_relay> upstream_;
  std::string service_;
  bool exit_v4_ = true; ///< The exit node's family: destinations of the other are unreachable.
  std::shared_ptr<usage_meter> meter_;
  boost::asio::ip::address client_address_;
  std::uint16_t client_port_;
  std::optional<boost::asio::ip::udp::endpoint> client_; ///< Where answers go, once known.
  /// By the address bytes of the header: where that destination goes (nullopt: refused).
  std::map<std::string, std::optional<boost::asio::ip::udp::endpoint>, std::less<>> routes_;
  std::set<boost::asio::ip::udp::endpoint> peers_; ///< Written to by the client: may answer.
  int loops_running_ = 3; ///< Four with an upstream (its control connection is watched too).
};

} // namespace sluice::gateway
