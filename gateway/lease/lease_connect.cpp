#include "gateway/lease/lease_connect.hpp"

#include "gateway/exit/connector.hpp"
#include "gateway/exit/destination.hpp"
#include "gateway/tunnel/tunnel_opening.hpp"

namespace sluice::gateway {
namespace net = boost::asio;

net::awaitable<lease_connect_outcome> connect_for_lease(const gateway_context& ctx,
                                                        const actors::lease_endpoint& lease,
                                                        const target& where) {
  lease_connect_outcome out;
  const auto node = ctx.nodes.find(lease.node);
  if (lease.status != "active" || node == ctx.nodes.end()) {
    out.why = refusal::no_exit_node;
    co_return out;
  }
  const std::string any_service; // A named local: GCC 12 and braced temporaries in co_await.
  const auto checked = co_await check_destination(ctx, where.host, any_service,
                                                  /*apply_allow_list=*/false);
  if (checked.verdict != destination_verdict::allowed) {
    out.why = checked.verdict == destination_verdict::refused ? refusal::policy
                                                              : refusal::unreachable;
    co_return out;
  }
  const auto fingerprint = fingerprint_named(lease.fingerprint).value_or(tcp_fingerprint{});
  auto connected = co_await connect_through(node->second, checked.addresses, where.port,
                                            ctx.socks.handshake_timeout, fingerprint);
  if (!connected.socket) {
    if (connected.node_failed)
      co_await report_node_failure(ctx, lease.node);
    out.why = connected.node_failed ? refusal::no_exit_node : connected.failure;
    co_return out;
  }
  out.target = std::move(*connected.socket);
  co_return out;
}

} // namespace sluice::gateway
