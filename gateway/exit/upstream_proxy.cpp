// Upstream proxy clients. The whole exchange with the upstream runs under one deadline; an
// upstream that cannot be reached, refuses our credentials or does not answer its greeting in
// time marks the node failed, while a target the upstream cannot reach is the target's failure
// (its reply code is passed on).
#include "gateway/exit/upstream_proxy.hpp"

#include "gateway/exit/connector.hpp"
#include "gateway/exit/upstream_session.hpp"
#include "gateway/socks5/messages.hpp"
#include "gateway/socks5/replies.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;

namespace {

/// What an exchange came to, and whether the upstream had answered for itself (greeting and
/// credentials) before it ended: a deadline that expires after that is the target's, before it
/// the upstream's (a hung proxy is a failed node, not a slow target).
struct exchange_outcome {
  connect_outcome outcome;
  bool upstream_answered = false;
};

/// RFC 1928 client exchange on an open connection to the upstream.
net::awaitable<exchange_outcome> socks5_exchange(tcp::socket& socket, const upstream::url& where,
                                                 const tcp::endpoint& target) {
  exchange_outcome result;
  auto& out = result.outcome;
  out.node_failed = true; // Until the upstream has taken our credentials.
  if (!co_await upstream::socks5_greet(socket, where))
    co_return result;
  result.upstream_answered = true;
  const auto request = socks5::encode_request(
    socks5::command::connect, socks5::address_field(target.address()), target.port());
  std::vector<std::uint8_t> in;
  if (!co_await upstream::send(socket, request)
      || !co_await upstream::read_message(socket, in, &upstream::whole_reply)) {
    co_return result;
  }
  out.node_failed = false;
  const auto reply = socks5::parse_request(std::span<const std::uint8_t>(in)).value.command;
  if (reply != 0x00) {
    out.failure = refusal_of_upstream_reply(reply);
    co_return result;
  }
  out.socket.emplace(std::move(socket));
  co_return result;
}

/// HTTP CONNECT exchange. 2xx: connected; 407 or a garbled answer: the node fails; 403, 502 and
/// 504 are the target's refusal, unreachability and timeout.
net::awaitable<exchange_outcome> http_exchange(tcp::socket& socket, const upstream::url& url,
                                               const tcp::endpoint& target) {
  exchange_outcome result;
  auto& out = result.outcome;
  out.node_failed = true;
  const bool v6 = target.address().is_v6();
  std::string authority;
  authority.append(v6 ? "[" : "").append(target.address().to_string()).append(v6 ? "]" : "");
  authority.append(":").append(std::to_string(target.port()));
  if (!co_await upstream::send(socket, upstream::http_connect_request(url, authority)))
    co_return result;
  // An HTTP proxy answers only once it has reached the target (or given up): a silence from
  // here on cannot be told from a slow target, so it counts as the target's.
  result.upstream_answered = true;
  const auto status = co_await upstream::read_http_status(socket);
  if (!status)
    co_return result;
  out.node_failed = *status == upstream::proxy_auth_required;
  if (*status >= 200 && *status < 300) {
    out.socket.emplace(std::move(socket));
  } else if (*status == 403) {
    out.failure = refusal::policy;
  } else if (*status == 504) {
    out.failure = refusal::timed_out;
  } else if (*status == 502) {
    out.failure = refusal::unreachable;
  }
  co_return result;
}

/// Whether the next address might fare better after this refusal: not after a timeout (the
/// client has waited a whole deadline already), nor after one that is the upstream's policy or
/// lack (0x02, 0x07), which holds for every address alike.
bool worth_another(refusal failure) {
  return failure == refusal::failure || failure == refusal::unreachable
         || failure == refusal::connection_refused || failure == refusal::unsupported_address;
}

net::awaitable<connect_outcome> connect_upstream_to(const upstream::url& url,
                                                    const tcp::endpoint& target,
                                                    std::chrono::milliseconds timeout) {
  connect_outcome out;
  out.node_failed = true;
  auto reached = co_await upstream::reach(url, timeout);
  if (!reached.socket) {
    out.node_failed = !reached.out_of_resources;
    out.out_of_resources = reached.out_of_resources;
    co_return out;
  }
  auto& socket = *reached.socket;
  upstream::exchange_deadline deadline(socket, timeout);
  exchange_outcome result;
  if (url.scheme == "socks5") {
    result = co_await socks5_exchange(socket, url, target);
  } else {
    result = co_await http_exchange(socket, url, target);
  }
  if (deadline.finish()) {
    result.outcome.socket.reset();
    result.outcome.node_failed = !result.upstream_answered;
    result.outcome.failure = refusal::timed_out;
  }
  co_return std::move(result.outcome);
}

} // namespace

net::awaitable<connect_outcome> connect_upstream(const infra::exit_node_config& node,
                                                 const std::vector<net::ip::address>& addresses,
                                                 std::uint16_t port,
                                                 std::chrono::milliseconds timeout) {
  connect_outcome out;
  out.node_failed = true;
  const auto url = upstream::parse_url(node.upstream);
  if (!url || addresses.empty())
    co_return out;
  // One address per CONNECT, so each in turn: a dual-stack target whose IPv6 address comes
  // first must not fail through an upstream whose exit has IPv4 only.
  for (const auto& address : addresses) {
    const tcp::endpoint target{address, port};
    out = co_await connect_upstream_to(*url, target, timeout);
    if (out.socket || out.node_failed || out.out_of_resources || !worth_another(out.failure))
      co_return out;
  }
  co_return out;
}

} // namespace sluice::gateway
