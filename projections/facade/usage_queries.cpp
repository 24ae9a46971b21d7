// Scans the account's buckets in hour order from `from` and stops at `until`.
#include "projections/facade/usage_queries.hpp"

#include <boost/json.hpp>
#include <map>

#include "events/json_fields.hpp"
#include "projections/usage.hpp"
#include "projections/usage_by_node.hpp"

namespace sluice::projections {
namespace {

constexpr std::size_t page_rows = 1024;
constexpr std::size_t hour_chars = 10; // "YYYYMMDDHH"

struct bucket_parts {
  std::string_view hour, key_id, country, service;
};

/// Splits "hour/key/country/service" (after the account prefix); service may be empty.
std::optional<bucket_parts> split(std::string_view rest) {
  bucket_parts p;
  std::string_view* fields[] = {&p.hour, &p.key_id, &p.country};
  for (auto* f : fields) {
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos)
      return std::nullopt;
    *f = rest.substr(0, slash);
    rest.remove_prefix(slash + 1);
  }
  p.service = rest;
  if (p.hour.size() != hour_chars)
    return std::nullopt;
  return p;
}

/// "YYYYMMDDHH" -> "YYYY-MM-DD".
std::string day_of(std::string_view h) {
  return std::string{h.substr(0, 4)} + "-" + std::string{h.substr(4, 2)} + "-"
         + std::string{h.substr(6, 2)};
}

std::string group_of(const bucket_parts& p, usage_grouping by) {
  const auto h = p.hour;
  switch (by) {
    case usage_grouping::day:
      return day_of(h);
    case usage_grouping::hour:
      return day_of(h) + "T" + std::string{h.substr(8, 2)} + ":00:00.000Z";
    case usage_grouping::country:
      return std::string{p.country};
    case usage_grouping::service:
      return std::string{p.service};
  }
  return {};
}

} // namespace

result<std::vector<usage_row>> usage_queries::totals(const usage_query& q) const {
  const auto prefix = usage::account_prefix(q.account_id);
  const auto first_hour = usage::hour_key(q.from);
  const auto end_hour = usage::hour_key(q.until);
  std::map<std::string, usage_row> rows;
  std::string after = prefix + first_hour;
  bool past_end = false;
  while (!past_end) {
    auto page = store_.scan(prefix, after, page_rows);
    if (!page)
      return page.error();
    for (const auto& [key, value] : *page) {
      auto parts = split(std::string_view{key}.substr(prefix.size()));
      if (!parts)
        return errc::corrupt_data;
      if (parts->hour < first_hour)
        continue;
      if (parts->hour >= end_hour) {
        past_end = true;
        break;
      }
      if (q.key_id && parts->key_id != *q.key_id)
        continue;
      boost::system::error_code ec;
      auto v = boost::json::parse(value, ec);
      std::uint64_t up = 0;
      std::uint64_t down = 0;
      if (ec || !v.is_object() || !events::read_field(v.as_object(), "up", up)
          || !events::read_field(v.as_object(), "down", down)) {
        return errc::corrupt_data;
      }
      auto group = group_of(*parts, q.by);
      auto& row = rows[group];
      row.group = std::move(group);
      row.bytes_up += up;
      row.bytes_down += down;
    }
    if (page->size() < page_rows)
      break;
    after = page->back().first; // Also when past_end: the loop ends on its own then.
  }
  std::vector<usage_row> out;
  out.reserve(rows.size());
  for (auto& [group, row] : rows)
    out.push_back(std::move(row));
  return out;
}

result<std::vector<node_usage>> usage_queries::by_node(events::timestamp from,
                                                       events::timestamp until) const {
  const std::string prefix{std::string{usage_by_node::projection_name} + "/"};
  if (until <= from)
    return std::vector<node_usage>{};
  // Whole hours: the hour `until` falls in counts unless `until` is its very start.
  const auto first_hour = usage::hour_key(from);
  const auto last_hour = usage::hour_key(until - std::chrono::milliseconds{1});
  std::map<std::string, node_usage> nodes;
  // Keys sort by hour first: start just before the first hour, stop at the end hour.
  std::string start_after = usage_by_node::hour_prefix(first_hour);
  start_after.pop_back();
  bool past_until = false;
  while (!past_until) {
    auto rows = store_.scan(prefix, start_after, page_rows);
    if (!rows)
      return rows.error();
    for (const auto& [key, value] : *rows) {
      const std::string_view rest = std::string_view{key}.substr(prefix.size());
      if (rest.size() <= hour_chars + 1 || rest[hour_chars] != '/')
        return errc::corrupt_data;
      if (rest.substr(0, hour_chars) > last_hour) {
        past_until = true;
        break;
      }
      std::uint64_t up = 0;
      std::uint64_t down = 0;
      boost::system::error_code ec;
      auto v = boost::json::parse(value, ec);
      if (ec || !v.is_object() || !events::read_field(v.as_object(), "up", up)
          || !events::read_field(v.as_object(), "down", down)) {
        return errc::corrupt_data;
      }
      const std::string node{rest.substr(hour_chars + 1)};
      auto& n = nodes[node];
      n.node = node;
      n.bytes_up += up;
      n.bytes_down += down;
    }
    if (rows->size() < page_rows)
      break;
    start_after = rows->back().first;
  }
  std::vector<node_usage> out;
  for (auto& [id, n] : nodes)
    out.push_back(std::move(n));
  return out;
}

} // namespace sluice::projections
