// Status routes. /v1/status is built once from the configuration: it changes only on restart
// until exit-node health arrives with the gateway (issue #4).
#include "http/status/status_routes.hpp"

#include <boost/json.hpp>
#include <map>

#include "http/errors.hpp"
#include "http/status/country_names.hpp"

namespace sluice::http {
namespace {

std::string status_body(const infra::config& config) {
  boost::json::array services;
  for (const auto& [tag, service] : config.services)
    services.emplace_back(tag);
  return boost::json::serialize(boost::json::object{
    {"status", "ok"}, {"countries", country_list(config)}, {"services", std::move(services)}});
}

} // namespace

boost::json::array country_list(const infra::config& config) {
  std::map<std::string, bool> countries;
  for (const auto& node : config.exit_nodes)
    countries[node.country] = true;
  boost::json::array out;
  for (const auto& [code, available] : countries) {
    out.push_back(
      boost::json::object{{"code", code}, {"name", country_name(code)}, {"available", available}});
  }
  return out;
}

void add_status_routes(router& routes, const infra::config& config, health_probe probe) {
  using boost::beast::http::verb;
  auto body = std::make_shared<const std::string>(status_body(config));
  routes.add(verb::get, "/v1/status",
             [body](const request& req, const path_params&) -> boost::asio::awaitable<response> {
               co_return json_response(req, status_code::ok, *body);
             });
  routes.add(verb::get, "/healthz",
             [probe](const request& req, const path_params&) -> boost::asio::awaitable<response> {
               const auto h = probe();
               const bool healthy = h.projections_failure.empty();
               boost::json::object projections{
                 {"position", h.projections_position},
                 {"lag", h.log_last_seq - std::min(h.log_last_seq, h.projections_position)}};
               if (!healthy)
                 projections["error"] = h.projections_failure;
               co_return json_response(req,
                                       healthy ? status_code::ok : status_code::service_unavailable,
                                       boost::json::serialize(boost::json::object{
                                         {"status", healthy ? "ok" : "degraded"},
                                         {"log", {{"last_seq", h.log_last_seq}}},
                                         {"projections", std::move(projections)}}));
             });
}

} // namespace sluice::http
