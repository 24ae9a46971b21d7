// A webhook's delivery history (seed 001's shape, one row per attempt) and redelivery by hand.
// Another account's webhook, or a deleted one, is a 404 like an unknown one.
#include "actors/facade/commands.hpp"
#include "http/api/query_params.hpp"
#include "http/b2b/b2b_route.hpp"
#include "http/b2b/b2b_routes.hpp"
#include "http/errors.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;

constexpr std::size_t limit_default = 50;
constexpr std::size_t limit_max = 100;
constexpr std::size_t offset_max = 1'000'000;

/// The parameter as a count in [min, max], its default when absent; nullopt when malformed.
std::optional<std::size_t> count_param(const std::map<std::string, std::string>& params,
                                       const std::string& name, std::size_t fallback,
                                       std::size_t min, std::size_t max) {
  auto it = params.find(name);
  if (it == params.end())
    return fallback;
  const auto n = parse_count(it->second);
  if (!n || *n < min || *n > max)
    return std::nullopt;
  return static_cast<std::size_t>(*n);
}

boost::json::value status_json(std::uint64_t status) {
  if (status == 0)
    return nullptr;
  return status;
}

boost::json::value error_json(const std::string& error) {
  if (error.empty())
    return nullptr;
  return boost::json::string{error};
}

awaitable_response list(api_context& ctx, const request& req, const path_params& path,
                        const principal& who) {
  const auto params = query_params(req);
  const auto limit = count_param(params, "limit", limit_default, 1, limit_max);
  const auto offset = count_param(params, "offset", 0, 0, offset_max);
  if (!limit) {
    co_return error_response(req, status_code::bad_request,
                             "limit: an integer from 1 to " + std::to_string(limit_max));
  }
  if (!offset) {
    co_return error_response(req, status_code::bad_request,
                             "offset: an integer from 0 to " + std::to_string(offset_max));
  }
  auto hook = ctx.queries.webhook_of_account(who.account.account_id, path.at(0));
  if (!hook)
    co_return error_response(req, hook.error());
  if (!*hook)
    co_return error_response(req, errc::not_found);
  auto page = ctx.queries.delivery_attempts(path.at(0), *limit, *offset);
  if (!page)
    co_return error_response(req, page.error());
  boost::json::array rows;
  for (const auto& a : page->attempts) {
    rows.push_back(boost::json::object{{"id", a.delivery_id},
                                       {"event", a.event},
                                       {"success", a.success},
                                       {"response_status", status_json(a.response_status)},
                                       {"attempted_at", a.attempted_at},
                                       {"duration_ms", a.duration_ms},
                                       {"error", error_json(a.error)},
                                       {"attempt", a.attempt},
                                       {"manual", a.manual}});
  }
  co_return json_response(req, status_code::ok,
                          boost::json::object{{"deliveries", std::move(rows)},
                                              {"total", page->total}});
}

awaitable_response redeliver(api_context& ctx, const request& req, const path_params& path,
                             const principal& who) {
  auto hook = ctx.queries.webhook_of_account(who.account.account_id, path.at(0));
  if (!hook)
    co_return error_response(req, hook.error());
  if (!*hook)
    co_return error_response(req, errc::not_found);
  const actors::redeliver_webhook cmd{who.account.account_id, path.at(0), path.at(1)};
  auto [ec, queued] = co_await ctx.commands.async_redeliver_webhook(cmd, use_outcome);
  if (ec == make_error_code(errc::forbidden)) {
    co_return error_response(req, status_code::conflict,
                             "the webhook is disabled (its receiver answered 410 Gone); "
                             "register it again to receive deliveries");
  }
  if (ec)
    co_return error_response(req, ec);
  co_return json_response(req, status_code::accepted,
                          boost::json::object{{"id", queued.delivery_id},
                                              {"webhook_id", queued.webhook_id},
                                              {"event", queued.event},
                                              {"status", "queued"}});
}

} // namespace

void add_webhook_delivery_routes(router& routes, api_context& ctx) {
  routes.add(verb::get, "/v1/b2b/webhooks/{id}/deliveries",
             b2b_route(ctx, [&ctx](const request& req, const path_params& p, const principal& who) {
               return list(ctx, req, p, who);
             }));
  routes.add(verb::post, "/v1/b2b/webhooks/{id}/deliveries/{delivery_id}/redeliver",
             b2b_route(ctx, [&ctx](const request& req, const path_params& p, const principal& who) {
               return redeliver(ctx, req, p, who);
             }));
}

} // namespace sluice::http
