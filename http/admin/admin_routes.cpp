// Operator routes. Credits, corrections and confirmations are commands like any other: events in
// the log. Usage per exit node is for reconciling with what upstream providers bill; the exit
// nodes' health is for seeing which are skipped and why.
#include "http/admin/admin_routes.hpp"

#include <limits>

#include "http/api/auth.hpp"
#include "http/api/body_reader.hpp"
#include "http/api/command_helpers.hpp"
#include "http/api/query_params.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;
using admin_handler = std::function<awaitable_response(const request&, const path_params&)>;

/// A wallet holds at most 2^63 - 1 bytes (the ledger's signed amounts must hold any balance).
constexpr std::string_view balance_overflow_detail
  = "bytes: the balance would exceed 9223372036854775807 bytes";

handler admin_route(api_context& ctx, admin_handler h) {
  return
    [&ctx, h = std::move(h)](const request& req, const path_params& params) -> awaitable_response {
      if (auto refused = co_await authenticate_admin(ctx, req))
        co_return std::move(*refused);
      co_return co_await h(req, params);
    };
}

awaitable_response show_account(api_context& ctx, const request& req, const path_params& p) {
  auto [ec, account] = co_await ctx.commands.async_get_account(p.at(0), use_outcome);
  if (ec)
    co_return error_response(req, ec);
  co_return json_response(req, status_code::ok, admin_account_json(account, ctx.config.currency));
}

awaitable_response credit(api_context& ctx, const request& req, const path_params& p) {
  body_reader body(req);
  const auto bytes = body.required_positive_integer("bytes");
  auto reason = body.optional_string("reason", 200).value_or("operator credit");
  auto reference = body.optional_string("reference", 200).value_or("");
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  const actors::credit_wallet cmd{p.at(0), bytes, 0, std::move(reason), std::move(reference)};
  auto [ec, account] = co_await ctx.commands.async_credit_wallet(cmd, use_outcome);
  // The body was checked above: the account refuses only a credit its balance cannot hold.
  if (ec == make_error_code(errc::invalid_argument))
    co_return error_response(req, status_code::bad_request, balance_overflow_detail);
  if (ec)
    co_return error_response(req, ec);
  co_await settle(ctx);
  co_return json_response(req, status_code::ok, admin_account_json(account, ctx.config.currency));
}

awaitable_response adjust(api_context& ctx, const request& req, const path_params& p) {
  body_reader body(req);
  const auto bytes = body.required_nonzero_integer("bytes");
  auto reason = body.required_string("reason", 500);
  auto reference = body.optional_string("reference", 200).value_or("");
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  if (reason.empty())
    co_return error_response(req, status_code::bad_request, "reason: must not be empty");
  if (bytes == std::numeric_limits<std::int64_t>::min()) {
    co_return error_response(req, status_code::bad_request,
                             "bytes: must be a non-zero integer of at most 63 bits");
  }
  const actors::adjust_wallet cmd{p.at(0), bytes, std::move(reason), std::move(reference)};
  auto [ec, account] = co_await ctx.commands.async_adjust_wallet(cmd, use_outcome);
  if (ec == make_error_code(errc::wallet_empty)) {
    co_return error_response(req, status_code::conflict,
                             "bytes: the correction would take the balance below zero");
  }
  if (ec == make_error_code(errc::invalid_argument))
    co_return error_response(req, status_code::bad_request, balance_overflow_detail);
  if (ec)
    co_return error_response(req, ec);
  co_await settle(ctx);
  co_return json_response(req, status_code::ok, admin_account_json(account, ctx.config.currency));
}

/// POST /v1/admin/accounts/{id}/balance/credit: money in, idempotent per reference.
awaitable_response credit_balance(api_context& ctx, const request& req, const path_params& p) {
  body_reader body(req);
  const auto amount = body.required_money("amount");
  auto reason = body.optional_string("reason", 200).value_or("operator credit");
  auto reference = body.optional_string("reference", 200).value_or("");
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  if (amount <= 0)
    co_return error_response(req, status_code::bad_request, "amount: must be more than 0");
  const actors::credit_balance cmd{p.at(0), amount, std::move(reason), std::move(reference)};
  auto [ec, account] = co_await ctx.commands.async_credit_balance(cmd, use_outcome);
  if (ec == make_error_code(errc::invalid_argument)) {
    co_return error_response(req, status_code::bad_request,
                             "amount: the balance would exceed "
                               + money_text(actors::balance_minor_max) + " " + ctx.config.currency);
  }
  if (ec)
    co_return error_response(req, ec);
  co_await settle(ctx);
  co_return json_response(req, status_code::ok, admin_account_json(account, ctx.config.currency));
}

awaitable_response usage_by_node(api_context& ctx, const request& req) {
  const auto params = query_params(req);
  const auto from_text = params.contains("from") ? params.at("from") : std::string{};
  const auto to_text = params.contains("to") ? params.at("to") : std::string{};
  auto from = events::parse_time_bound(from_text, false);
  auto to = events::parse_time_bound(to_text, true);
  if (!from || !to) {
    co_return error_response(req, status_code::bad_request,
                             "from, to: required, each a date YYYY-MM-DD or an RFC 3339 time");
  }
  if (*from >= *to)
    co_return error_response(req, status_code::bad_request, "from: must be before to");
  auto nodes = ctx.usage.by_node(*from, *to);
  if (!nodes)
    co_return error_response(req, nodes.error());
  boost::json::array rows;
  for (const auto& n : *nodes) {
    rows.push_back(boost::json::object{{"node", n.node},
                                       {"bytes_up", n.bytes_up},
                                       {"bytes_down", n.bytes_down},
                                       {"bytes", n.bytes_up + n.bytes_down}});
  }
  co_return json_response(req, status_code::ok,
                          boost::json::object{{"from", events::format_timestamp(*from)},
                                              {"to", events::format_timestamp(*to)},
                                              {"nodes", std::move(rows)}});
}

boost::json::value optional_text(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : boost::json::value(nullptr);
}

/// The exit nodes the log knows (retired ones too), their health and the sessions each holds.
/// Node ids and attributes only: no address or upstream credential appears here.
awaitable_response exit_nodes(api_context& ctx, const request& req) {
  co_await settle(ctx); // Health recorded just before this request is shown.
  auto nodes = ctx.queries.exit_nodes();
  auto sessions = ctx.queries.sessions_by_node();
  if (!nodes || !sessions)
    co_return error_response(req, !nodes ? nodes.error() : sessions.error());
  boost::json::array rows;
  for (const auto& n : *nodes) {
    boost::json::array services;
    for (const auto& tag : n.services)
      services.emplace_back(tag);
    const auto held = sessions->find(n.node);
    rows.push_back(boost::json::object{{"node", n.node},
                                       {"country", n.country},
                                       {"kind", n.kind},
                                       {"services", std::move(services)},
                                       {"status", n.status},
                                       {"down_until", optional_text(n.down_until)},
                                       {"down_reason", optional_text(n.down_reason)},
                                       {"sessions", held == sessions->end() ? 0 : held->second},
                                       {"registered_at", optional_text(n.registered_at)},
                                       {"updated_at", n.updated_at}});
  }
  co_return json_response(req, status_code::ok,
                          boost::json::object{{"exit_nodes", std::move(rows)}});
}

awaitable_response confirm(api_context& ctx, const request& req, const path_params& p) {
  auto [ec, checkout] = co_await ctx.commands.async_confirm_checkout(p.at(0), use_outcome);
  if (ec)
    co_return error_response(req, ec);
  co_await settle(ctx);
  auto out = checkout_json(checkout);
  out["customer_id"] = checkout.account_id;
  out["completed_at"] = checkout.completed_at
                          ? boost::json::value(events::format_timestamp(*checkout.completed_at))
                          : boost::json::value(nullptr);
  co_return json_response(req, status_code::ok, out);
}

} // namespace

void add_admin_routes(router& routes, api_context& ctx) {
  routes.add(verb::get, "/v1/admin/accounts/{id}",
             admin_route(ctx, [&ctx](const request& req, const path_params& p) {
               return show_account(ctx, req, p);
             }));
  routes.add(verb::post, "/v1/admin/accounts/{id}/credit",
             admin_route(ctx, [&ctx](const request& req, const path_params& p) {
               return credit(ctx, req, p);
             }));
  routes.add(verb::post, "/v1/admin/accounts/{id}/balance/credit",
             admin_route(ctx, [&ctx](const request& req, const path_params& p) {
               return credit_balance(ctx, req, p);
             }));
  routes.add(verb::post, "/v1/admin/accounts/{id}/adjust",
             admin_route(ctx, [&ctx](const request& req, const path_params& p) {
               return adjust(ctx, req, p);
             }));
  routes.add(verb::get, "/v1/admin/usage/by-node",
             admin_route(ctx, [&ctx](const request& req, const path_params&) {
               return usage_by_node(ctx, req);
             }));
  routes.add(verb::get, "/v1/admin/exit-nodes",
             admin_route(ctx, [&ctx](const request& req, const path_params&) {
               return exit_nodes(ctx, req);
             }));
  routes.add(verb::post, "/v1/admin/payments/{id}/confirm",
             admin_route(ctx, [&ctx](const request& req, const path_params& p) {
               return confirm(ctx, req, p);
             }));
}

} // namespace sluice::http
