// The order fold and its snapshot codec.
#include "actors/order/order_state.hpp"

#include "events/record_codec.hpp"

namespace sluice::actors {

void evolve(order_state& state, const events::any_event& event, events::timestamp ts) {
  ++state.version;
  if (const auto* c = std::get_if<events::order_created>(&event)) {
    state.order_id = c->order_id;
    state.account_id = c->account_id;
    state.product_id = c->product_id;
    state.pricing_id = c->pricing_id;
    state.product_name = c->product_name;
    state.pricing_label = c->pricing_label;
    state.amount_minor = c->amount_minor;
    state.currency = c->currency;
    state.period_type = c->period_type;
    state.period_duration = c->period_duration;
    state.period_ms = c->period_ms;
    state.connection_type = c->connection_type;
    state.max_leases = c->max_leases;
    state.locations = c->locations;
    state.status = "pending_payment";
    state.created_at = ts;
  } else if (std::holds_alternative<events::order_paid>(event)) {
    state.status = "paid";
  } else if (const auto* a = std::get_if<events::order_activated>(&event)) {
    state.status = "active";
    state.proxy_id = a->proxy_id;
    state.expires_at = events::parse_timestamp(a->expires_at);
  }
}

order_view view(const order_state& s) {
  order_view v;
  v.order_id = s.order_id;
  v.account_id = s.account_id;
  v.product_id = s.product_id;
  v.pricing_id = s.pricing_id;
  v.product_name = s.product_name;
  v.pricing_label = s.pricing_label;
  v.amount_minor = s.amount_minor;
  v.currency = s.currency;
  v.status = s.status;
  v.created_at = s.created_at;
  v.proxy_id = s.proxy_id;
  v.expires_at = s.expires_at;
  return v;
}

std::string to_snapshot(const order_state& s) {
  return events::encode_record(s);
}

result<order_state> order_from_snapshot(std::string_view text) {
  return events::decode_record<order_state>(text);
}

} // namespace sluice::actors
