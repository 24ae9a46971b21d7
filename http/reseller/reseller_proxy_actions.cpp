// What a reseller does to a proxy (seed 001 "Proxies"): connect it to one of its product's
// locations (new credentials), disconnect it, reset its IP (fast: open tunnels go on; hard:
// they are cut), and choose its TCP/IP fingerprint. A reset claims only a change it made:
// another free node of the location, or the node's reset_command exiting 0.
#include "events/base/errc.hpp"
#include "http/api/body_reader.hpp"
#include "http/api/command_helpers.hpp"
#include "http/errors.hpp"
#include "http/reseller/reseller_route.hpp"
#include "http/reseller/reseller_routes.hpp"
#include "http/reseller/reseller_views.hpp"
#include "infra/run_command.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;

constexpr std::chrono::seconds reset_command_limit{60};

response proxy_error(const request& req, std::error_code ec) {
  if (ec == errc::not_found)
    return error_response(req, status_code::not_found, "Proxy not found");
  if (ec == errc::wrong_state)
    return error_response(req, status_code::conflict, "Proxy is disconnected");
  return error_response(req, ec);
}

awaitable_response connect(api_context& ctx, const request& req, std::uint64_t id,
                           const principal& who) {
  body_reader body(req);
  auto location = body.required_string("location_id", 64);
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  const actors::connect_proxy cmd{who.account.account_id, id, location};
  auto [ec, proxy] = co_await ctx.commands.async_connect_proxy(cmd, use_outcome);
  if (ec == errc::invalid_argument) {
    co_return error_response(req, status_code::bad_request,
                             "location_id: not a location of this proxy's product");
  }
  if (ec == errc::sold_out)
    co_return error_response(req, status_code::conflict, "Sold out");
  if (ec)
    co_return proxy_error(req, ec);
  co_return json_response(req, status_code::ok,
                          boost::json::object{{"ip", proxy.host},
                                              {"port", proxy.port},
                                              {"username", proxy.username},
                                              {"password", proxy.password},
                                              {"location_id", proxy.location}});
}

awaitable_response disconnect(api_context& ctx, const request& req, std::uint64_t id,
                              const principal& who) {
  const actors::proxy_ref ref{who.account.account_id, id};
  auto [ec, proxy] = co_await ctx.commands.async_disconnect_proxy(ref, use_outcome);
  if (ec)
    co_return proxy_error(req, ec);
  co_return json_response(req, status_code::ok, proxy_json(proxy));
}

/// The reset_command of `node`, run for `mode` (blocking: on the blocking pool).
boost::asio::awaitable<bool> run_reset_command(api_context& ctx, const std::string& node,
                                               const std::string& mode) {
  std::vector<std::string> argv;
  for (const auto& n : ctx.config.exit_nodes) {
    if (n.id == node)
      argv = n.reset_command;
  }
  const auto work = [&argv, &node, &mode] {
    const std::map<std::string, std::string> env{{"SLUICE_NODE", node}, {"SLUICE_MODE", mode}};
    return infra::run_command(argv, env, reset_command_limit).succeeded();
  };
  co_return co_await off_thread(ctx, work);
}

awaitable_response reset(api_context& ctx, const request& req, std::uint64_t id,
                         const principal& who) {
  body_reader body(req);
  auto mode = body.required_string("mode", 16);
  if (body.ok() && mode != "fast" && mode != "hard")
    co_return error_response(req, status_code::bad_request, "mode: must be \"fast\" or \"hard\"");
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  actors::reset_proxy cmd{who.account.account_id, id, mode, std::nullopt};
  auto [ec, outcome] = co_await ctx.commands.async_reset_proxy(cmd, use_outcome);
  if (!ec && outcome.needs_command) {
    const auto node = outcome.proxy.node;
    if (!co_await run_reset_command(ctx, node, mode)) {
      co_return error_response(req, status_code::bad_gateway,
                               "The exit node's reset command failed; the IP is unchanged");
    }
    cmd.commanded_node = node;
    std::tie(ec, outcome) = co_await ctx.commands.async_reset_proxy(cmd, use_outcome);
  }
  if (ec == errc::sold_out) {
    co_return error_response(req, status_code::conflict,
                             "No other exit node is free at this location and this one cannot "
                             "be reset; nothing changed");
  }
  if (ec)
    co_return proxy_error(req, ec);
  co_return json_response(req, status_code::ok,
                          boost::json::object{{"detail", "Proxy IP reset"}, {"mode", mode}});
}

awaitable_response fingerprint(api_context& ctx, const request& req, std::uint64_t id,
                               const principal& who) {
  body_reader body(req);
  auto name = body.required_string("fingerprint", 16);
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  const actors::set_fingerprint cmd{who.account.account_id, id, name};
  auto [ec, proxy] = co_await ctx.commands.async_set_fingerprint(cmd, use_outcome);
  if (ec == errc::invalid_argument) {
    co_return error_response(req, status_code::bad_request,
                             "fingerprint: must be none, linux, macos or windows");
  }
  if (ec)
    co_return proxy_error(req, ec);
  co_return json_response(req, status_code::ok,
                          boost::json::object{{"detail", "Fingerprint updated"},
                                              {"fingerprint", proxy.fingerprint}});
}

/// Runs `f` on the caller's proxy named in the path; 404 if the path names none.
template <class F>
awaitable_response
on_proxy(api_context& ctx, const request& req, const path_params& p, const principal& who, F f) {
  const auto id = resource_id(p.at(0));
  if (!id)
    co_return error_response(req, status_code::not_found, "Proxy not found");
  co_return co_await f(ctx, req, *id, who);
}

template <class F>
handler action(api_context& ctx, F f) {
  return reseller_route(ctx,
                        [&ctx, f](const request& req, const path_params& p, const principal& who) {
                          return on_proxy(ctx, req, p, who, f);
                        });
}

} // namespace

void add_reseller_proxy_action_routes(router& routes, api_context& ctx) {
  routes.add(verb::post, "/v1/reseller/proxies/{id}/connect", action(ctx, &connect));
  routes.add(verb::post, "/v1/reseller/proxies/{id}/disconnect", action(ctx, &disconnect));
  routes.add(verb::post, "/v1/reseller/proxies/{id}/reset", action(ctx, &reset));
  routes.add(verb::post, "/v1/reseller/proxies/{id}/fingerprint", action(ctx, &fingerprint));
}

} // namespace sluice::http
