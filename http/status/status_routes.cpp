// Status routes. /v1/status lists the configured countries and services; a country's
// `available` follows its exit nodes' health.
#include "http/status/status_routes.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "http/api/json_text.hpp"
#include "http/errors.hpp"
#include "http/status/country_names.hpp"
#include "infra/log.hpp"

namespace sluice::http {
namespace {

boost::json::object status_body(const infra::config& config, const projections::queries& queries) {
  boost::json::array services;
  for (const auto& [tag, service] : config.services)
    services.emplace_back(tag);
  return boost::json::object{{"status", "ok"},
                             {"countries", country_list(config, queries)},
                             {"services", std::move(services)}};
}

std::set<std::string> nodes_down(const projections::queries& queries) {
  auto nodes = queries.exit_nodes();
  if (!nodes) {
    infra::log_error("http", "reading the exit nodes' health failed: " + nodes.error().message());
    return {};
  }
  std::set<std::string> down;
  for (const auto& n : *nodes) {
    if (n.status == "down")
      down.insert(n.node);
  }
  return down;
}

response healthz_response(const request& req, const health_snapshot& h) {
  const bool healthy = h.projections_failure.empty();
  boost::json::object projections{
    {"position", h.projections_position},
    {"lag", h.log_last_seq - std::min(h.log_last_seq, h.projections_position)}};
  if (!healthy)
    projections["error"] = h.projections_failure;
  boost::json::object body{{"status", healthy ? "ok" : "degraded"},
                           {"log", {{"last_seq", h.log_last_seq}}},
                           {"projections", std::move(projections)}};
  if (h.kafka) {
    // Kafka being down delays publishing; it does not make the server unhealthy.
    boost::json::object kafka{{"position", h.kafka->position},
                              {"lag_events", h.kafka->lag_events},
                              {"lag_seconds", h.kafka->lag_seconds}};
    if (!h.kafka->last_error.empty())
      kafka["last_error"] = h.kafka->last_error;
    body["kafka"] = std::move(kafka);
  }
  return json_response(req, healthy ? status_code::ok : status_code::service_unavailable, body);
}

/// Prometheus text exposition format 0.0.4.
response metrics_response(const request& req, const health_snapshot& h) {
  std::string text;
  auto gauge = [&text](const char* name, const char* help, double value) {
    text += std::string{"# HELP "} + name + " " + help + "\n# TYPE " + name + " gauge\n" + name
            + " " + to_json_text(boost::json::value(value)) + "\n";
  };
  gauge("sluice_log_last_seq", "Sequence of the last durable event.",
        static_cast<double>(h.log_last_seq));
  gauge("sluice_projections_position", "Sequence every read model has applied.",
        static_cast<double>(h.projections_position));
  gauge("sluice_projections_healthy", "1 while the read models are being updated.",
        h.projections_failure.empty() ? 1 : 0);
  if (h.kafka) {
    gauge("sluice_kafka_position", "Sequence up to which Kafka has confirmed every event.",
          static_cast<double>(h.kafka->position));
    gauge("sluice_kafka_lag_events", "Events in the log not yet confirmed by Kafka.",
          static_cast<double>(h.kafka->lag_events));
    gauge("sluice_kafka_lag_seconds", "Age of the oldest event not yet confirmed by Kafka.",
          h.kafka->lag_seconds);
  }
  response res{status_code::ok, req.version()};
  res.set(boost::beast::http::field::content_type, "text/plain; version=0.0.4");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(text);
  res.prepare_payload();
  return res;
}

} // namespace

boost::json::array country_list(const infra::config& config, const projections::queries& queries,
                                const std::set<std::string>& discarded) {
  const auto down = nodes_down(queries);
  std::map<std::string, bool> countries;
  for (const auto& node : config.exit_nodes) {
    if (node.country.empty())
      continue; // Serves leases only: no country of the gateway.
    const bool usable = !down.contains(node.id) && !discarded.contains(node.id);
    countries[node.country] = countries[node.country] || usable;
  }
  boost::json::array out;
  for (const auto& [code, available] : countries) {
    out.push_back(
      boost::json::object{{"code", code}, {"name", country_name(code)}, {"available", available}});
  }
  return out;
}

void add_status_routes(router& routes, const infra::config& config,
                       const projections::queries& queries, health_probe probe) {
  using boost::beast::http::verb;
  routes.add(verb::get, "/v1/status",
             [&config, &queries](const request& req,
                                 const path_params&) -> boost::asio::awaitable<response> {
               co_return json_response(req, status_code::ok, status_body(config, queries));
             });
  routes.add(verb::get, "/healthz",
             [probe](const request& req, const path_params&) -> boost::asio::awaitable<response> {
               co_return healthz_response(req, probe());
             });
  routes.add(verb::get, "/metrics",
             [probe](const request& req, const path_params&) -> boost::asio::awaitable<response> {
               co_return metrics_response(req, probe());
             });
}

} // namespace sluice::http
