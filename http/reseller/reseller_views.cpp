#include "http/reseller/reseller_views.hpp"

#include "http/api/views.hpp"
#include "http/reseller/reseller_route.hpp"

namespace sluice::http {

boost::json::object order_json(const projections::order_entry& o) {
  boost::json::object out{{"id", o.id},
                          {"product_name", o.product_name},
                          {"pricing_label", o.pricing_label},
                          {"amount_usd", money_text(o.amount_minor)},
                          {"status", o.status},
                          {"created_at", reseller_time(o.created_at)}};
  if (o.proxy_id)
    out["proxy_id"] = *o.proxy_id;
  if (o.expires_at)
    out["expires_at"] = reseller_time(*o.expires_at);
  return out;
}

boost::json::object order_json(const actors::order_view& o) {
  std::optional<std::string> expires_at;
  if (o.expires_at)
    expires_at = events::format_timestamp(*o.expires_at);
  return order_json(
    projections::order_entry{o.order_id, o.product_name, o.pricing_label, o.amount_minor, o.status,
                             events::format_timestamp(o.created_at), o.proxy_id, expires_at});
}

boost::json::object proxy_json(const actors::proxy_view& p) {
  return {{"id", p.proxy_id},
          {"name", p.name},
          {"ip", p.host},
          {"port", p.port},
          {"username", p.username},
          {"password", p.password},
          {"location_id", p.location},
          {"status", p.status},
          {"fingerprint", p.fingerprint},
          {"traffic_bytes", p.traffic_bytes},
          {"expires_at", reseller_time(p.expires_at)}};
}

} // namespace sluice::http
