// GET /v1/b2b/ledger (issue #6): the caller's billing ledger, oldest first. JSON pages with a
// cursor, or (Accept: text/csv, or ?format=csv) the whole range as CSV, streamed page by page
// so an export of any size is held in memory one page at a time.
#include <boost/beast/http/field.hpp>

#include "events/time.hpp"
#include "http/api/auth.hpp"
#include "http/api/query_params.hpp"
#include "http/b2b/b2b_route.hpp"
#include "http/b2b/b2b_routes.hpp"
#include "http/errors.hpp"
#include "projections/facade/ledger_queries.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;

constexpr std::size_t limit_default = 100;
constexpr std::size_t limit_max = 1000;
constexpr std::size_t csv_page_rows = 1000;

bool wants_csv(const request& req, const std::map<std::string, std::string>& params) {
  if (auto it = params.find("format"); it != params.end())
    return it->second == "csv";
  const auto accept = req[boost::beast::http::field::accept];
  return accept.find("text/csv") != boost::beast::string_view::npos;
}

/// The query from from/to/cursor/limit, or the 400 detail.
std::variant<projections::ledger_page_query, std::string>
read_query(const std::map<std::string, std::string>& params, const std::string& account_id) {
  projections::ledger_page_query q;
  q.account_id = account_id;
  if (auto it = params.find("from"); it != params.end()) {
    q.from = events::parse_time_bound(it->second, false);
    if (!q.from)
      return std::string{"from: must be a date YYYY-MM-DD or an RFC 3339 time"};
  }
  if (auto it = params.find("to"); it != params.end()) {
    q.to = events::parse_time_bound(it->second, true);
    if (!q.to)
      return std::string{"to: must be a date YYYY-MM-DD or an RFC 3339 time"};
  }
  if (auto it = params.find("cursor"); it != params.end() && !it->second.empty()) {
    auto after = parse_count(it->second);
    if (!after)
      return std::string{"cursor: not a cursor this API returned"};
    q.after_seq = *after;
  }
  q.limit = limit_default;
  if (auto it = params.find("limit"); it != params.end()) {
    auto n = parse_count(it->second);
    if (!n || *n < 1 || *n > limit_max)
      return "limit: an integer from 1 to " + std::to_string(limit_max);
    q.limit = *n;
  }
  return q;
}

/// The CSV export as a body source: the header line, then one page of rows per call.
body_source csv_rows(const projections::ledger_queries& ledger, projections::ledger_page_query q) {
  struct cursor {
    projections::ledger_page_query query;
    bool header_sent = false;
    bool done = false;
  };
  auto state = std::make_shared<cursor>(cursor{std::move(q)});
  state->query.limit = csv_page_rows;
  return [&ledger, state]() -> result<std::optional<std::string>> {
    if (!state->header_sent) {
      state->header_sent = true;
      return std::optional<std::string>{projections::ledger_csv_header()};
    }
    if (state->done)
      return std::optional<std::string>{};
    auto page = ledger.page(state->query);
    if (!page)
      return page.error();
    std::string rows;
    for (const auto& entry : page->entries)
      rows += projections::ledger_csv_line(entry);
    if (page->next_after) {
      state->query.after_seq = *page->next_after;
    } else {
      state->done = true;
    }
    return std::optional<std::string>{std::move(rows)};
  };
}

boost::asio::awaitable<streamed_reply> ledger(api_context& ctx, const request& req,
                                              const principal& who) {
  const auto params = query_params(req);
  auto query = read_query(params, who.account.account_id);
  if (auto* detail = std::get_if<std::string>(&query))
    co_return streamed_reply{error_response(req, status_code::bad_request, *detail), {}};
  auto& q = std::get<projections::ledger_page_query>(query);
  if (wants_csv(req, params)) {
    response head{status_code::ok, req.version()};
    head.set(boost::beast::http::field::content_type, "text/csv; charset=utf-8");
    head.set(boost::beast::http::field::content_disposition,
             "attachment; filename=\"ledger-" + who.account.account_id + ".csv\"");
    co_return streamed_reply{std::move(head), csv_rows(ctx.ledger, std::move(q))};
  }
  auto page = ctx.ledger.page(q);
  if (!page)
    co_return streamed_reply{error_response(req, page.error()), {}};
  boost::json::array entries;
  for (auto& e : page->entries)
    entries.push_back(std::move(e));
  boost::json::value next = nullptr;
  if (page->next_after)
    next = std::to_string(*page->next_after);
  co_return streamed_reply{
    json_response(req, status_code::ok,
                  boost::json::object{{"entries", std::move(entries)}, {"next_cursor", next}}),
    {}};
}

} // namespace

void add_ledger_routes(router& routes, api_context& ctx) {
  routes.add_streaming(verb::get, "/v1/b2b/ledger",
                       [&ctx](const request& req,
                              const path_params&) -> boost::asio::awaitable<streamed_reply> {
                         auto who = co_await authenticate(ctx, req, b2b_face());
                         if (auto* refused = std::get_if<response>(&who))
                           co_return streamed_reply{std::move(*refused), {}};
                         co_return co_await ledger(ctx, req, std::get<principal>(who));
                       });
}

} // namespace sluice::http
