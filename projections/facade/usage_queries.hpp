// Usage totals for the REST API, aggregated from the hourly buckets of the usage read model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/base/result.hpp"
#include "events/time.hpp"
#include "infra/projection_store.hpp"

namespace sluice::projections {

enum class usage_grouping { day, hour, country, service };

struct usage_query {
  std::string account_id;
  events::timestamp from{};  ///< Inclusive; whole hours count (the bucket it falls in).
  events::timestamp until{}; ///< Exclusive; should be on an hour boundary.
  std::optional<std::string> key_id;
  usage_grouping by = usage_grouping::day;
};

/// `group` is "2026-11-23" (day), "2026-11-23T10:00:00.000Z" (hour), a country code, or a
/// service tag ("" for traffic without one).
struct usage_row {
  std::string group;
  std::uint64_t bytes_up = 0;
  std::uint64_t bytes_down = 0;
};

/// Usage relayed through one exit node.
struct node_usage {
  std::string node;
  std::uint64_t bytes_up = 0;
  std::uint64_t bytes_down = 0;
};

class usage_queries {
public:
  explicit usage_queries(const infra::projection_store& store) : store_(store) {
  }
  /// Rows with usage only, ascending by group.
  result<std::vector<usage_row>> totals(const usage_query& q) const;
  /// Every account's usage per exit node over the whole hours from `from`'s to `until`'s (the
  /// latter excluded when `until` is on the hour), by node id; "(none)" for usage without one.
  result<std::vector<node_usage>> by_node(events::timestamp from, events::timestamp until) const;

private:
  const infra::projection_store& store_;
};

} // namespace sluice::projections
