#include "gateway/exit/node_probe.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>

#include "gateway/exit/connector.hpp"
#include "gateway/exit/destination.hpp"
#include "gateway/exit/upstream_session.hpp"
#include "infra/log.hpp"
#include "infra/resource_errors.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;

namespace {

constexpr const char* http_check_authority = "node-check.sluice.invalid:443";

bool binds(const std::string& address, const net::any_io_executor& executor) {
  if (address.empty())
    return true; // The host's default route: nothing of the node's own to check.
  boost::system::error_code ec;
  const auto bind_address = net::ip::make_address(address, ec);
  tcp::socket socket(executor);
  if (!ec) {
    socket.open(bind_address.is_v4() ? tcp::v4() : tcp::v6(), ec);
    if (infra::out_of_resources(ec))
      return true; // Short of descriptors here: that says nothing about the node.
  }
  if (!ec)
    socket.bind(tcp::endpoint{bind_address, 0}, ec);
  return !ec;
}

net::awaitable<bool> upstream_answers(const infra::exit_node_config& node,
                                      std::chrono::milliseconds timeout) {
  const auto url = upstream::parse_url(node.upstream);
  if (!url)
    co_return false;
  auto reached = co_await upstream::reach(*url, timeout);
  if (!reached.socket)
    co_return reached.out_of_resources; // Short of descriptors here: nothing said of the node.
  auto& socket = *reached.socket;
  upstream::exchange_deadline deadline(socket, timeout);
  bool works = false;
  if (url->scheme == "socks5") {
    works = co_await upstream::socks5_greet(socket, *url);
  } else {
    // A name that can never resolve (RFC 6761): a proxy checks our credentials first (407 when
    // it refuses them), then fails the name, and no connection is made anywhere. Any answer but
    // 407 is a working proxy; silence is a hung one.
    const auto request = upstream::http_connect_request(*url, http_check_authority);
    if (co_await upstream::send(socket, request)) {
      const auto status = co_await upstream::read_http_status(socket);
      works = status && *status != upstream::proxy_auth_required;
    }
  }
  co_return !deadline.finish() && works;
}

enum class reach { yes, no, unknown };

/// Whether a connection through the node reaches any of `addresses` (each tried in turn, as
/// for a client's CONNECT); unknown when this host ran short of descriptors on the way. The
/// connection is closed unused.
net::awaitable<reach> reaches_through(const infra::exit_node_config& node,
                                      const std::vector<net::ip::address>& addresses,
                                      std::uint16_t port, std::chrono::milliseconds timeout) {
  const auto outcome = co_await connect_through(node, addresses, port, timeout);
  if (outcome.socket)
    co_return reach::yes;
  co_return outcome.out_of_resources ? reach::unknown : reach::no;
}

std::string node_failure(const infra::exit_node_config& node) {
  return node.kind == "direct" ? "bind_failed" : "upstream_failed";
}

} // namespace

node_checker::node_checker(std::shared_ptr<const gateway_context> ctx) : ctx_(std::move(ctx)) {
}

net::awaitable<std::string> node_checker::check(const std::string& id) const {
  const auto found = ctx_->nodes.find(id);
  if (found == ctx_->nodes.end())
    co_return "";
  const auto& node = found->second;
  // Plain statements around each co_await: GCC 12 miscompiles some inside larger expressions.
  bool works = false;
  if (node.kind == "direct") {
    const auto executor = co_await net::this_coro::executor;
    works = binds(node.bind, executor);
  } else {
    works = co_await upstream_answers(node, ctx_->socks.handshake_timeout);
  }
  if (!works)
    co_return node_failure(node);
  if (ctx_->socks.node_check_target.host.empty())
    co_return "";
  co_return co_await reaches_target(node);
}

net::awaitable<std::string>
node_checker::reaches_target(const infra::exit_node_config& node) const {
  const auto& target = ctx_->socks.node_check_target;
  const auto timeout = ctx_->socks.handshake_timeout;
  // The operator's own choice of target: neither the allow-list nor the private-address guard
  // applies to it.
  auto addresses = co_await resolve_name(*ctx_, target.host);
  if (addresses.empty()) {
    note_target_state(false);
    co_return "";
  }
  if (node.kind == "direct" && !node.bind.empty()) {
    // A direct node reaches only its own address family: nothing to judge it by otherwise.
    boost::system::error_code ec;
    const auto bind = net::ip::make_address(node.bind, ec);
    if (ec)
      co_return node_failure(node);
    std::erase_if(addresses, [&](const auto& a) { return a.is_v4() != bind.is_v4(); });
    if (addresses.empty())
      co_return "";
  }
  const auto first = co_await reaches_through(node, addresses, target.port, timeout);
  if (first != reach::no) {
    if (first == reach::yes)
      note_target_state(true);
    co_return ""; // Reached, or no descriptor to try with: nothing said against the node.
  }
  // The node was proven a moment ago, so tell its failure apart from the target's by going
  // there from this host; and ask the node once more before blaming it, so one lost
  // connection does not cost it a cool-down.
  static const infra::exit_node_config this_host = [] {
    infra::exit_node_config direct_here;
    direct_here.kind = "direct";
    return direct_here;
  }();
  const auto direct = co_await connect_through(this_host, addresses, target.port, timeout);
  if (direct.out_of_resources)
    co_return "";
  note_target_state(direct.socket.has_value());
  if (!direct.socket)
    co_return "";
  const auto second = co_await reaches_through(node, addresses, target.port, timeout);
  co_return second == reach::no ? "target_unreachable" : "";
}

void node_checker::note_target_state(bool reachable) const {
  const auto& target = ctx_->socks.node_check_target;
  const auto where = target.host + ":" + std::to_string(target.port);
  if (!reachable && !target_down_.exchange(true)) {
    infra::log_warn("gateway", "node_check_target " + where
                                 + " cannot be reached from this host: until it can, node checks "
                                   "cover the nodes themselves, not their reach");
  } else if (reachable && target_down_.exchange(false)) {
    infra::log_info("gateway", "node_check_target " + where + " can be reached again");
  }
}

} // namespace sluice::gateway
