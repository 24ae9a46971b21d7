// Orders (seed 001 "Orders"): create, list, get, and pay from the balance. Listings and lookups
// come from the orders read model after the caller's own writes (settle); paying goes through
// the order actor, which debits once per order whatever the retries.
#include <array>

#include "events/base/errc.hpp"
#include "http/api/body_reader.hpp"
#include "http/api/command_helpers.hpp"
#include "http/api/query_params.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"
#include "http/reseller/reseller_route.hpp"
#include "http/reseller/reseller_routes.hpp"
#include "http/reseller/reseller_views.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;

constexpr std::size_t page_limit_max = 1000;
constexpr std::array<std::string_view, 5> order_statuses{"pending_payment", "paid", "provisioning",
                                                         "active", "expired"};

/// The reseller face's words for what the actors answer.
response order_error(const request& req, std::error_code ec) {
  if (ec == errc::not_found)
    return error_response(req, status_code::not_found, "Order not found");
  if (ec == errc::wallet_empty)
    return error_response(req, status_code::payment_required, "Insufficient balance");
  if (ec == errc::sold_out)
    return error_response(req, status_code::conflict, "Sold out");
  if (ec == errc::wrong_state)
    return error_response(req, status_code::conflict, "Order is not pending payment");
  return error_response(req, ec);
}

awaitable_response create_order(api_context& ctx, const request& req, const principal& who) {
  body_reader body(req);
  const auto product_id = body.required_positive_integer("product_id");
  const auto pricing_id = body.required_positive_integer("pricing_id");
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  if (product_id > UINT32_MAX || pricing_id > UINT32_MAX)
    co_return error_response(req, status_code::not_found, "Product not found");
  const actors::create_order cmd{who.account.account_id, static_cast<std::uint32_t>(product_id),
                                 static_cast<std::uint32_t>(pricing_id)};
  auto [ec, order] = co_await ctx.commands.async_create_order(cmd, use_outcome);
  if (ec == errc::not_found)
    co_return error_response(req, status_code::not_found, "Product or pricing not found");
  if (ec)
    co_return order_error(req, ec);
  co_return json_response(req, status_code::created, order_json(order));
}

awaitable_response list_orders(api_context& ctx, const request& req, const principal& who) {
  const auto params = query_params(req);
  std::string status;
  std::size_t limit = 50;
  std::size_t offset = 0;
  if (auto s = params.find("status"); s != params.end()) {
    status = s->second;
    if (std::find(order_statuses.begin(), order_statuses.end(), status) == order_statuses.end()) {
      co_return error_response(req, status_code::bad_request,
                               "status: must be pending_payment, paid, provisioning, active or "
                               "expired");
    }
  }
  if (auto l = params.find("limit"); l != params.end()) {
    auto n = parse_count(l->second);
    if (!n || *n > page_limit_max) {
      co_return error_response(req, status_code::bad_request,
                               "limit: must be an integer from 0 to 1000");
    }
    limit = *n;
  }
  if (auto o = params.find("offset"); o != params.end()) {
    auto n = parse_count(o->second);
    if (!n)
      co_return error_response(req, status_code::bad_request, "offset: must be an integer >= 0");
    offset = *n;
  }
  co_await settle(ctx);
  auto page = ctx.queries.orders_of_account(who.account.account_id, status, limit, offset);
  if (!page)
    co_return error_response(req, page.error());
  boost::json::array out;
  for (const auto& o : page->orders)
    out.push_back(order_json(o));
  co_return json_response(req, status_code::ok,
                          boost::json::object{{"orders", std::move(out)}, {"total", page->total}});
}

awaitable_response get_order(api_context& ctx, const request& req, const path_params& params,
                             const principal& who) {
  const auto id = resource_id(params.at(0));
  if (!id)
    co_return error_response(req, status_code::not_found, "Order not found");
  co_await settle(ctx);
  auto order = ctx.queries.order_of_account(who.account.account_id, *id);
  if (!order)
    co_return error_response(req, order.error());
  if (!*order)
    co_return error_response(req, status_code::not_found, "Order not found");
  co_return json_response(req, status_code::ok, order_json(**order));
}

awaitable_response pay_order(api_context& ctx, const request& req, const path_params& params,
                             const principal& who) {
  const auto id = resource_id(params.at(0));
  if (!id)
    co_return error_response(req, status_code::not_found, "Order not found");
  const actors::order_ref ref{who.account.account_id, *id};
  auto [ec, paid] = co_await ctx.commands.async_pay_order(ref, use_outcome);
  if (ec)
    co_return order_error(req, ec);
  co_await settle(ctx); // The order and its proxy show at once in the listings.
  co_return json_response(req, status_code::ok,
                          boost::json::object{{"order_id", paid.order.order_id},
                                              {"status", "paid"},
                                              {"new_balance", money_text(paid.balance_minor)}});
}

} // namespace

void add_reseller_order_routes(router& routes, api_context& ctx) {
  routes.add(verb::post, "/v1/reseller/orders",
             reseller_route(ctx,
                            [&ctx](const request& req, const path_params&, const principal& who) {
                              return create_order(ctx, req, who);
                            }));
  routes.add(verb::get, "/v1/reseller/orders",
             reseller_route(ctx,
                            [&ctx](const request& req, const path_params&, const principal& who) {
                              return list_orders(ctx, req, who);
                            }));
  routes.add(verb::get, "/v1/reseller/orders/{id}",
             reseller_route(ctx,
                            [&ctx](const request& req, const path_params& p, const principal& who) {
                              return get_order(ctx, req, p, who);
                            }));
  routes.add(verb::post, "/v1/reseller/orders/{id}/pay",
             reseller_route(ctx,
                            [&ctx](const request& req, const path_params& p, const principal& who) {
                              return pay_order(ctx, req, p, who);
                            }));
}

} // namespace sluice::http
