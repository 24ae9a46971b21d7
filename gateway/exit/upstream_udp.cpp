#include "gateway/exit/upstream_udp.hpp"

#include "gateway/exit/connector.hpp"
#include "gateway/exit/upstream_session.hpp"
#include "gateway/socks5/replies.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;
using net::ip::udp;

namespace {

/// Binds `exit_side` beside the control connection's local address and asks for the
/// association; `out.relay` is left empty on any failure, which `out` then describes.
net::awaitable<void> udp_exchange(tcp::socket& control, const upstream::url& where,
                                  udp::socket& exit_side, upstream_udp_outcome& out,
                                  bool& upstream_answered) {
  out.node_failed = true; // Until the upstream has taken our credentials.
  if (!co_await upstream::socks5_greet(control, where))
    co_return;
  upstream_answered = true;
  boost::system::error_code ec;
  const auto local = control.local_endpoint(ec).address();
  if (!ec)
    exit_side.open(local.is_v4() ? udp::v4() : udp::v6(), ec);
  if (!ec)
    exit_side.bind(udp::endpoint(local, 0), ec);
  const auto ours = ec ? udp::endpoint{} : exit_side.local_endpoint(ec);
  if (ec) {
    out.node_failed = false; // This host's failure, not the node's.
    co_return;
  }
  const auto request = socks5::encode_request(socks5::command::udp_associate,
                                              socks5::address_field(ours.address()), ours.port());
  std::vector<std::uint8_t> in;
  if (!co_await upstream::send(control, request)
      || !co_await upstream::read_message(control, in, &upstream::whole_reply)) {
    co_return;
  }
  out.node_failed = false;
  const auto reply = socks5::parse_request(std::span<const std::uint8_t>(in)).value;
  if (reply.command != 0x00) {
    out.failure = refusal_of_upstream_reply(reply.command); // E.g. 0x07: not supported.
    co_return;
  }
  auto relay_address = socks5::literal_address(reply.address);
  if (!relay_address || reply.port == 0)
    co_return; // A name, or no port: not a relay we can send to.
  if (relay_address->is_unspecified())
    relay_address = control.remote_endpoint(ec).address(); // "Same host as the control".
  if (ec)
    co_return;
  out.relay.emplace(
    upstream_udp_relay{std::move(control), udp::endpoint(*relay_address, reply.port)});
}

} // namespace

net::awaitable<upstream_udp_outcome> associate_upstream(const infra::exit_node_config& node,
                                                        udp::socket& exit_side,
                                                        std::chrono::milliseconds timeout) {
  upstream_udp_outcome out;
  out.node_failed = true;
  const auto where = upstream::parse_url(node.upstream);
  if (!where || where->scheme != "socks5")
    co_return out;
  auto reached = co_await upstream::reach(*where, timeout);
  if (!reached.socket) {
    out.node_failed = !reached.out_of_resources;
    co_return out;
  }
  auto& control = *reached.socket;
  upstream::exchange_deadline deadline(control, timeout);
  bool upstream_answered = false; // Its greeting and our credentials: silence before is its own.
  co_await udp_exchange(control, *where, exit_side, out, upstream_answered);
  if (deadline.finish()) {
    out.relay.reset();
    out.node_failed = !upstream_answered;
    out.failure = refusal::timed_out;
  }
  co_return out;
}

} // namespace sluice::gateway
