// GET /healthz (liveness and lag of the log consumers), GET /metrics (the same as Prometheus
// text) and GET /v1/status (public: countries and service tags on offer, seed 000 §04).
#pragma once

#include <boost/json/array.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "http/server/router.hpp"
#include "infra/config.hpp"
#include "infra/publisher.hpp"
#include "projections/facade/queries.hpp"

namespace sluice::http {

struct health_snapshot {
  std::uint64_t log_last_seq = 0;
  std::uint64_t projections_position = 0;
  std::string projections_failure;             ///< Empty while healthy.
  std::optional<infra::publisher_stats> kafka; ///< Present when Kafka publishing is on.
};

/// Called on the HTTP thread for each /healthz and /metrics; must be cheap and thread-safe.
using health_probe = std::function<health_snapshot()>;

/// [{"code","name","available"}] for each country with a configured exit node, by code. A
/// country is available while one of its nodes is neither down (exit_nodes read model) nor in
/// `discarded` (an account's blacklisted nodes). If health cannot be read, no node counts as
/// down and the failure is logged.
boost::json::array country_list(const infra::config& config, const projections::queries& queries,
                                const std::set<std::string>& discarded = {});

void add_status_routes(router& routes, const infra::config& config,
                       const projections::queries& queries, health_probe probe);

} // namespace sluice::http
