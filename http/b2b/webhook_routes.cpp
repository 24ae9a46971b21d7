// Webhook registrations (seed 000 §09): list, register (the secret is shown once), delete.
#include <algorithm>

#include "actors/facade/commands.hpp"
#include "events/base/errc.hpp"
#include "http/api/body_reader.hpp"
#include "http/b2b/b2b_route.hpp"
#include "http/b2b/b2b_routes.hpp"
#include "http/b2b/webhook_target.hpp"
#include "http/errors.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;

constexpr std::size_t webhooks_listed_max = 100;
constexpr std::size_t url_bytes_max = 2048;
constexpr std::size_t event_names_max = 8;

boost::json::array names_json(const std::vector<std::string>& names) {
  boost::json::array out;
  for (const auto& n : names)
    out.emplace_back(n);
  return out;
}

awaitable_response list(api_context& ctx, const request& req, const principal& who) {
  auto hooks = ctx.queries.webhooks_of_account(who.account.account_id, webhooks_listed_max);
  if (!hooks)
    co_return error_response(req, hooks.error());
  boost::json::array out;
  for (const auto& h : *hooks) {
    out.push_back(boost::json::object{{"id", h.webhook_id},
                                      {"url", h.url},
                                      {"events", names_json(h.events)},
                                      {"active", h.active},
                                      {"created_at", h.created_at}});
  }
  co_return json_response(req, status_code::ok, boost::json::object{{"webhooks", std::move(out)}});
}

awaitable_response create(api_context& ctx, const request& req, const principal& who) {
  body_reader body(req);
  auto url = body.required_string("url", url_bytes_max);
  auto names = body.required_string_array("events", event_names_max);
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  for (const auto& n : names) {
    const auto& known = actors::webhook_event_names;
    if (std::find(known.begin(), known.end(), n) == known.end()) {
      co_return error_response(req, status_code::bad_request,
                               "events: unknown event \"" + n
                                 + "\"; known: balance.low, balance.empty");
    }
  }
  if (auto refused = co_await check_webhook_target(url, ctx.config.webhooks.allow_private_targets))
    co_return error_response(req, status_code::bad_request, *refused);
  const actors::register_webhook cmd{who.account.account_id, url, names};
  auto [ec, registered] = co_await ctx.commands.async_register_webhook(cmd, use_outcome);
  if (ec)
    co_return error_response(req, ec);
  co_await settle(ctx);
  const auto& w = registered.webhook;
  co_return json_response(
    req, status_code::created,
    boost::json::object{{"id", w.webhook_id},
                        {"url", w.url},
                        {"events", names_json(w.events)},
                        {"secret", registered.secret},
                        {"active", true},
                        {"created_at", events::format_timestamp(w.created_at)}});
}

awaitable_response remove(api_context& ctx, const request& req, const path_params& params,
                          const principal& who) {
  const actors::webhook_ref ref{who.account.account_id, params.at(0)};
  auto [ec, hook] = co_await ctx.commands.async_delete_webhook(ref, use_outcome);
  if (ec)
    co_return error_response(req, ec);
  co_await settle(ctx);
  co_return json_response(req, status_code::ok, boost::json::object{{"detail", "Webhook deleted"}});
}

} // namespace

void add_webhook_routes(router& routes, api_context& ctx) {
  routes.add(verb::get, "/v1/b2b/webhooks",
             b2b_route(ctx, [&ctx](const request& req, const path_params&, const principal& who) {
               return list(ctx, req, who);
             }));
  routes.add(verb::post, "/v1/b2b/webhooks",
             b2b_route(ctx, [&ctx](const request& req, const path_params&, const principal& who) {
               return create(ctx, req, who);
             }));
  routes.add(verb::delete_, "/v1/b2b/webhooks/{id}",
             b2b_route(ctx, [&ctx](const request& req, const path_params& p, const principal& who) {
               return remove(ctx, req, p, who);
             }));
}

} // namespace sluice::http
