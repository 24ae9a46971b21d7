// Each datagram is read into the per-thread chunk and sent on at once with a non-blocking send;
// only a datagram that must wait (a destination to resolve, a grant to renew) is copied aside.
// receive() hands back to its caller without passing through the scheduler (Asio resumes the
// awaiting frame directly), so nothing else runs on this thread in between and the chunk holds.
// Answers go back as two buffers, the SOCKS header and the payload, so the payload is not copied.
#include "gateway/relay/udp_association.hpp"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/exit/destination.hpp"
#include "gateway/socks5/messages.hpp"
#include "gateway/socks5/replies.hpp"
#include "infra/log.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::udp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
/// Destinations remembered per association (checked once each), and peers allowed to answer.
constexpr std::size_t routes_max = 256;
constexpr std::size_t peers_max = 1024;

std::span<std::uint8_t> chunk() {
  static thread_local std::array<std::uint8_t, 64 * 1024> buffer;
  return buffer;
}

} // namespace

udp_association::udp_association(std::shared_ptr<const gateway_context> ctx,
                                 net::ip::tcp::socket control, udp_sockets sockets,
                                 actors::open_tunnel spec, std::uint64_t granted,
                                 std::uint16_t client_port)
  : ctx_(std::move(ctx)),
    control_(std::move(control)),
    client_side_(std::move(sockets.client_side)),
    exit_side_(std::move(sockets.exit_side)),
    upstream_(std::move(sockets.upstream)),
    service_(spec.service),
    client_port_(client_port) {
  boost::system::error_code ec;
  client_address_ = control_.remote_endpoint(ec).address();
  exit_v4_ = exit_side_.local_endpoint(ec).address().is_v4();
  if (upstream_)
    ++loops_running_;
  meter_ = std::make_shared<usage_meter>(ctx_, control_.get_executor(), std::move(spec), granted);
}

void udp_association::start() {
  boost::system::error_code ignored;
  client_side_.non_blocking(true, ignored);
  exit_side_.non_blocking(true, ignored);
  meter_->start([weak = weak_from_this()] {
    if (auto association = weak.lock())
      association->close_sockets();
  });
  auto on_error = [](std::exception_ptr e) {
    if (e)
      infra::log_error("gateway", "UDP relay task ended by an exception");
  };
  net::co_spawn(control_.get_executor(), watch_control(), on_error);
  if (upstream_)
    net::co_spawn(control_.get_executor(), watch_upstream(), on_error);
  net::co_spawn(control_.get_executor(), relay_up(), on_error);
  net::co_spawn(control_.get_executor(), relay_down(), on_error);
}

void udp_association::close_sockets() {
  boost::system::error_code ignored;
  control_.close(ignored);
  client_side_.close(ignored);
  exit_side_.close(ignored);
  if (upstream_)
    upstream_->control.close(ignored);
}

void udp_association::loop_ended() {
  if (--loops_running_ == 0)
    meter_->finish();
}

net::awaitable<void> udp_association::watch_control() {
  auto self = shared_from_this();
  std::array<std::uint8_t, 64> ignored_bytes{};
  for (;;) {
    // Nothing is expected on the control connection; whatever ends it ends the association.
    auto [ec, n] = co_await control_.async_read_some(net::buffer(ignored_bytes), use_tuple);
    if (ec)
      break;
  }
  meter_->close();
  loop_ended();
}

net::awaitable<void> udp_association::watch_upstream() {
  auto self = shared_from_this();
  std::array<std::uint8_t, 64> ignored_bytes{};
  for (;;) {
    // The upstream ends the association by closing its control connection (RFC 1928 §7).
    auto [ec, n] = co_await upstream_->control.async_read_some(net::buffer(ignored_bytes),
                                                               use_tuple);
    if (ec)
      break;
  }
  meter_->close();
  loop_ended();
}

bool udp_association::from_client(const udp::endpoint& sender) {
  if (sender.address() != client_address_)
    return false;
  if (client_)
    return sender == *client_;
  if (client_port_ != 0 && sender.port() != client_port_)
    return false;
  client_ = sender; // The first datagram from the client's address fixes its port.
  return true;
}

net::awaitable<std::optional<udp::endpoint>>
udp_association::route(std::string named, const socks5::destination& where, std::uint16_t port) {
  // A named local, not a temporary: GCC 12 mishandles temporaries in a co_await expression.
  const auto host = socks5::target_host_of(where);
  auto checked = co_await check_destination(*ctx_, host, service_);
  std::optional<udp::endpoint> found;
  if (checked.verdict == destination_verdict::allowed) {
    for (const auto& address : checked.addresses) {
      // A direct node reaches its own family only; an upstream is asked for either.
      if (upstream_ || address.is_v4() == exit_v4_) {
        found = udp::endpoint(address, port);
        break;
      }
    }
  }
  if (routes_.size() < routes_max)
    routes_.emplace(std::move(named), found);
  co_return found;
}

net::awaitable<bool> udp_association::allowance_for(std::size_t bytes) {
  while (meter_->allowance() < bytes) {
    if (meter_->closing())
      co_return false;
    if (meter_->refused()) {
      meter_->close();
      co_return false;
    }
    co_await meter_->await_grant(bytes);
  }
  co_return !meter_->closing();
}

net::awaitable<std::optional<std::size_t>> udp_association::receive(udp::socket& from,
                                                                    udp::endpoint& sender) {
  while (!meter_->closing()) {
    auto [wait_ec] = co_await from.async_wait(udp::socket::wait_read, use_tuple);
    if (wait_ec || meter_->closing())
      break;
    const auto buffer = chunk();
    boost::system::error_code ec;
    const auto n = from.receive_from(net::buffer(buffer.data(), buffer.size()), sender, 0, ec);
    if (ec == net::error::would_block)
      continue;
    if (ec) {
      meter_->close();
      break;
    }
    co_return n;
  }
  co_return std::nullopt;
}

net::awaitable<void> udp_association::relay_up() {
  auto self = shared_from_this();
  for (;;) {
    udp::endpoint sender;
    const auto received = co_await receive(client_side_, sender);
    if (!received)
      break;
    const std::span<const std::uint8_t> datagram(chunk().data(), *received);
    auto header = socks5::parse_udp_header(datagram);
    if (!from_client(sender) || header.status != socks5::parse_status::complete
        || header.value.fragment != 0) {
      continue;
    }
    std::span<const std::uint8_t> payload = datagram.subspan(header.consumed);
    const std::string_view named(reinterpret_cast<const char*>(datagram.data()) + 3,
                                 header.consumed - 3);
    std::vector<std::uint8_t> kept; // The payload, once something must be awaited.
    std::optional<udp::endpoint> to;
    if (auto known = routes_.find(named); known != routes_.end()) {
      to = known->second;
    } else {
      kept.assign(payload.begin(), payload.end());
      payload = kept;
      to = co_await route(std::string(named), header.value.address, header.value.port);
    }
    if (!to || (!peers_.contains(*to) && peers_.size() >= peers_max)
        || payload.size() > ctx_->socks.grant_bytes) {
      continue; // Refused, too many peers, or more than any grant could ever cover.
    }
    if (meter_->allowance() < payload.size()) {
      if (kept.empty()) {
        kept.assign(payload.begin(), payload.end());
        payload = kept;
      }
      if (!co_await allowance_for(payload.size()))
        break;
    }
    const auto sent = send_up(payload, *to);
    if (!sent)
      continue; // A full socket buffer or an ICMP error: the datagram is lost, as UDP allows.
    meter_->spend(*sent);
    meter_->count(direction::up, *sent);
    peers_.insert(*to);
  }
  loop_ended();
}

std::optional<std::size_t> udp_association::send_up(std::span<const std::uint8_t> payload,
                                                    const udp::endpoint& to) {
  boost::system::error_code ec;
  if (!upstream_) {
    const auto sent = exit_side_.send_to(net::buffer(payload.data(), payload.size()), to, 0, ec);
    return ec ? std::nullopt : std::optional<std::size_t>{sent};
  }
  const auto header = socks5::encode_udp_header(socks5::address_field(to.address()), to.port());
  const std::array<net::const_buffer, 2> parts{net::buffer(header),
                                               net::buffer(payload.data(), payload.size())};
  const auto sent = exit_side_.send_to(parts, upstream_->relay, 0, ec);
  if (ec || sent < header.size())
    return std::nullopt;
  return sent - header.size();
}

std::optional<std::pair<udp::endpoint, std::span<const std::uint8_t>>>
udp_association::answer_from(const udp::endpoint& sender, std::span<const std::uint8_t> datagram) {
  if (!upstream_)
    return std::pair{sender, datagram};
  if (sender != upstream_->relay)
    return std::nullopt;
  const auto header = socks5::parse_udp_header(datagram);
  const auto source = socks5::literal_address(header.value.address);
  if (header.status != socks5::parse_status::complete || header.value.fragment != 0 || !source)
    return std::nullopt;
  return std::pair{udp::endpoint(*source, header.value.port), datagram.subspan(header.consumed)};
}

net::awaitable<void> udp_association::relay_down() {
  auto self = shared_from_this();
  for (;;) {
    udp::endpoint sender;
    const auto received = co_await receive(exit_side_, sender);
    if (!received)
      break;
    auto answer = answer_from(sender, std::span<const std::uint8_t>(chunk().data(), *received));
    if (!client_ || !answer || !peers_.contains(answer->first))
      continue;
    const auto peer = answer->first;
    auto payload = answer->second;
    std::vector<std::uint8_t> kept;
    if (payload.size() > ctx_->socks.grant_bytes)
      continue;
    if (meter_->allowance() < payload.size()) {
      kept.assign(payload.begin(), payload.end());
      payload = kept;
      if (!co_await allowance_for(payload.size()))
        break;
    }
    const auto header = socks5::encode_udp_header(socks5::address_field(peer.address()),
                                                  peer.port());
    const std::array<net::const_buffer, 2> parts{net::buffer(header),
                                                 net::buffer(payload.data(), payload.size())};
    boost::system::error_code ec;
    const auto sent = client_side_.send_to(parts, *client_, 0, ec);
    if (ec || sent < header.size())
      continue;
    meter_->spend(sent - header.size());
    meter_->count(direction::down, sent - header.size());
  }
  loop_ended();
}

} // namespace sluice::gateway
