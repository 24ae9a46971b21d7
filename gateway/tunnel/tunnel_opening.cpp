#include "gateway/tunnel/tunnel_opening.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/exit/connector.hpp"
#include "gateway/exit/destination.hpp"
#include "infra/crypto.hpp"

namespace sluice::gateway {
namespace net = boost::asio;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
constexpr std::size_t tunnel_id_chars = 16;

} // namespace

net::awaitable<grant_outcome> open_grant(const gateway_context& ctx, actors::open_tunnel spec,
                                         std::string_view id_prefix) {
  spec.tunnel_id = infra::random_id(id_prefix, tunnel_id_chars);
  auto [ec, opened] = co_await ctx.port.async_open_tunnel(spec, use_tuple);
  if (ec == make_error_code(errc::timeout))
    co_await release_grant(ctx, spec); // It may have been granted after all.
  grant_outcome out;
  if (ec) {
    out.why = refusal_of_account(ec);
    co_return out;
  }
  out.tunnel.emplace(granted_tunnel{std::move(spec), std::move(opened.node), opened.granted});
  co_return out;
}

net::awaitable<void> release_grant(const gateway_context& ctx, const actors::open_tunnel& spec) {
  const actors::usage_report final_report{spec.account_id, spec.tunnel_id, 1, 0, 0, true};
  co_await ctx.port.async_report_usage(final_report, use_tuple);
}

net::awaitable<void> report_node_failure(const gateway_context& ctx, const std::string& node_id) {
  const auto& node = ctx.nodes.at(node_id);
  const actors::node_failure failure{node_id,
                                     node.kind == "direct" ? "bind_failed" : "upstream_failed"};
  co_await ctx.port.async_report_node_failure(failure, use_tuple);
}

net::awaitable<connect_tunnel_outcome>
open_and_connect(const gateway_context& ctx, actors::open_tunnel spec, const target& where) {
  connect_tunnel_outcome out;
  const auto checked = co_await check_destination(ctx, where.host, spec.service);
  if (checked.verdict != destination_verdict::allowed) {
    out.why = checked.verdict == destination_verdict::refused ? refusal::policy
                                                              : refusal::unreachable;
    co_return out;
  }
  auto granted = co_await open_grant(ctx, std::move(spec), "tun_");
  if (!granted.tunnel) {
    out.why = granted.why;
    co_return out;
  }
  auto& grant = *granted.tunnel;
  const auto& node = ctx.nodes.at(grant.node);
  auto connected = co_await connect_through(node, checked.addresses, where.port,
                                            ctx.socks.handshake_timeout);
  if (!connected.socket) {
    if (connected.node_failed)
      co_await report_node_failure(ctx, grant.node);
    co_await release_grant(ctx, grant.spec);
    out.why = connected.node_failed ? refusal::no_exit_node : connected.failure;
    co_return out;
  }
  out.tunnel.emplace(connected_tunnel{std::move(grant), std::move(*connected.socket)});
  co_return out;
}

} // namespace sluice::gateway
