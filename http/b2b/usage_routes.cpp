// Metered usage (seed 000 §08): daily rows, breakdowns by country and service, and a time
// series, all from the usage read model. Ranges are whole UTC days, both ends included.
#include "http/api/query_params.hpp"
#include "http/api/views.hpp"
#include "http/b2b/b2b_route.hpp"
#include "http/b2b/b2b_routes.hpp"
#include "http/errors.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;

constexpr std::chrono::days default_span{29};
constexpr std::chrono::days longest_span{366};

/// The query from the request's from/to/key_id, or the 400 detail.
std::variant<projections::usage_query, std::string>
read_range(api_context& ctx, const std::map<std::string, std::string>& params, const principal& who,
           projections::usage_grouping by) {
  const auto today = std::chrono::floor<std::chrono::days>(ctx.clock.now());
  auto to = today;
  if (auto it = params.find("to"); it != params.end()) {
    auto d = parse_date(it->second);
    if (!d)
      return std::string{"to: must be a date YYYY-MM-DD"};
    to = *d;
  }
  auto from = to - default_span;
  if (auto it = params.find("from"); it != params.end()) {
    auto d = parse_date(it->second);
    if (!d)
      return std::string{"from: must be a date YYYY-MM-DD"};
    from = *d;
  }
  if (from > to)
    return std::string{"from: must not be after to"};
  if (to - from >= longest_span)
    return std::string{"from: the range may span at most 366 days"};
  projections::usage_query q;
  q.account_id = who.account.account_id;
  q.from = std::chrono::time_point_cast<std::chrono::milliseconds>(from);
  q.until = std::chrono::time_point_cast<std::chrono::milliseconds>(to + std::chrono::days{1});
  if (auto it = params.find("key_id"); it != params.end() && !it->second.empty())
    q.key_id = it->second;
  q.by = by;
  return q;
}

boost::json::object row_json(std::string_view name, boost::json::value group,
                             const projections::usage_row& row) {
  return {{name, std::move(group)},
          {"bytes_up", row.bytes_up},
          {"bytes_down", row.bytes_down},
          {"bytes", row.bytes_up + row.bytes_down}};
}

/// One of the row-list endpoints: `field` names the group in each row, under `list`.
awaitable_response usage_rows(api_context& ctx, const request& req, const principal& who,
                              projections::usage_grouping by, std::string_view field,
                              std::string_view list) {
  const auto params = query_params(req);
  if (by == projections::usage_grouping::hour || by == projections::usage_grouping::day) {
    if (auto g = params.find("granularity"); g != params.end() && list == "points") {
      if (g->second == "hour") {
        by = projections::usage_grouping::hour;
      } else if (g->second == "day") {
        by = projections::usage_grouping::day;
      } else {
        co_return error_response(req, status_code::bad_request,
                                 "granularity: must be \"hour\" or \"day\"");
      }
    }
  }
  auto range = read_range(ctx, params, who, by);
  if (auto* detail = std::get_if<std::string>(&range))
    co_return error_response(req, status_code::bad_request, *detail);
  const auto& query = std::get<projections::usage_query>(range);
  if (query.key_id) {
    auto key = ctx.queries.key_of_account(query.account_id, *query.key_id);
    if (!key)
      co_return error_response(req, key.error());
    if (!*key) // Unknown, or another account's: the same answer.
      co_return error_response(req, status_code::not_found, "key_id: no such API key");
  }
  auto rows = ctx.usage.totals(query);
  if (!rows)
    co_return error_response(req, rows.error());
  boost::json::array out;
  for (const auto& row : *rows) {
    boost::json::value group(row.group);
    if (by == projections::usage_grouping::service && row.group.empty())
      group = nullptr; // Traffic whose username named no service.
    else if (list == "points" && by == projections::usage_grouping::day)
      group = row.group + "T00:00:00.000Z";
    out.push_back(row_json(field, std::move(group), row));
  }
  co_return json_response(req, status_code::ok, boost::json::object{{list, std::move(out)}});
}

void add_usage_route(router& routes, api_context& ctx, std::string path,
                     projections::usage_grouping by, std::string_view field,
                     std::string_view list) {
  routes.add(verb::get, std::move(path),
             b2b_route(ctx, [&ctx, by, field, list](const request& req, const path_params&,
                                                    const principal& who) {
               return usage_rows(ctx, req, who, by, field, list);
             }));
}

} // namespace

void add_usage_routes(router& routes, api_context& ctx) {
  using projections::usage_grouping;
  add_usage_route(routes, ctx, "/v1/b2b/usage", usage_grouping::day, "date", "usage");
  add_usage_route(routes, ctx, "/v1/b2b/usage/by-country", usage_grouping::country, "country",
                  "usage");
  add_usage_route(routes, ctx, "/v1/b2b/usage/by-service", usage_grouping::service, "service",
                  "usage");
  add_usage_route(routes, ctx, "/v1/b2b/usage/timeseries", usage_grouping::day, "ts", "points");
}

} // namespace sluice::http
