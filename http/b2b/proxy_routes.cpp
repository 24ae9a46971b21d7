// Sticky sessions over REST (seed 000 §06): rotate, discard, and the list of bound sessions with
// opaque node references (never an exit address or node id).
#include "actors/facade/tunnel_commands.hpp"
#include "events/base/errc.hpp"
#include "http/api/body_reader.hpp"
#include "http/b2b/b2b_route.hpp"
#include "http/b2b/b2b_routes.hpp"
#include "http/errors.hpp"
#include "infra/crypto.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;

constexpr std::size_t session_chars_max = 64;
constexpr std::size_t node_reference_hex = 24;

bool valid_session(const std::string& s) {
  if (s.empty() || s.size() > session_chars_max)
    return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  }
  return true;
}

bool valid_country(const std::string& c) {
  return c.size() == 2 && c[0] >= 'a' && c[0] <= 'z' && c[1] >= 'a' && c[1] <= 'z';
}

/// Stable per (account, node); a keyed hash, so neither the node nor its address can be
/// recovered, and two accounts cannot tell they share a node.
std::string node_reference(const api_context& ctx, const std::string& account_id,
                           const std::string& node) {
  const auto mac = infra::hmac_sha256(ctx.jwt_secret, "exit-node-ref\n" + account_id + "\n" + node);
  return "n_" + infra::to_hex(mac).substr(0, node_reference_hex);
}

awaitable_response release(api_context& ctx, const request& req, const principal& who,
                           bool discard) {
  body_reader body(req);
  auto session = body.required_string("session", session_chars_max);
  auto country = body.required_string("country", 2);
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  if (!valid_session(session)) {
    co_return error_response(req, status_code::bad_request,
                             "session: 1 to 64 characters of a-z, 0-9 and _");
  }
  if (!valid_country(country))
    co_return error_response(req, status_code::bad_request, "country: a two-letter code");
  const actors::release_session cmd{who.account.account_id, session, country, discard};
  auto [ec, released] = co_await ctx.commands.async_release_session(cmd, use_outcome);
  if (ec == make_error_code(errc::not_found))
    co_return error_response(req, status_code::not_found, "Unknown session");
  if (ec)
    co_return error_response(req, ec);
  co_await settle(ctx);
  co_return json_response(req, status_code::ok,
                          boost::json::object{{"session", session},
                                              {"country", country},
                                              {discard ? "discarded" : "rotated", true}});
}

awaitable_response assigned(api_context& ctx, const request& req, const principal& who) {
  auto sessions = ctx.queries.sessions_of_account(who.account.account_id);
  if (!sessions)
    co_return error_response(req, sessions.error());
  const auto now = ctx.clock.now();
  boost::json::array out;
  for (const auto& s : *sessions) {
    // Idle past the TTL: rolled off, and the expiry watch writes SessionExpired any moment.
    auto last = events::parse_timestamp(s.last_active_at);
    if (last && now - *last > ctx.config.socks.session_idle_ttl)
      continue;
    out.push_back(boost::json::object{
      {"session", s.session},
      {"country", s.country},
      {"service", s.service.empty() ? boost::json::value(nullptr) : boost::json::value(s.service)},
      {"node", node_reference(ctx, who.account.account_id, s.node)},
      {"bound_at", s.bound_at},
      {"last_active_at", s.last_active_at},
      {"bytes", s.bytes}});
  }
  co_return json_response(req, status_code::ok, boost::json::object{{"sessions", std::move(out)}});
}

} // namespace

void add_proxy_routes(router& routes, api_context& ctx) {
  routes.add(verb::post, "/v1/b2b/proxy/rotate",
             b2b_route(ctx, [&ctx](const request& req, const path_params&, const principal& who) {
               return release(ctx, req, who, false);
             }));
  routes.add(verb::post, "/v1/b2b/proxy/discard",
             b2b_route(ctx, [&ctx](const request& req, const path_params&, const principal& who) {
               return release(ctx, req, who, true);
             }));
  routes.add(verb::get, "/v1/b2b/proxy/assigned",
             b2b_route(ctx, [&ctx](const request& req, const path_params&, const principal& who) {
               return assigned(ctx, req, who);
             }));
}

} // namespace sluice::http
