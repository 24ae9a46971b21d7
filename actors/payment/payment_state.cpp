// The payment fold and its snapshot codec.
#include "actors/payment/payment_state.hpp"

#include <boost/json.hpp>

#include "events/record_codec.hpp"

namespace sluice::actors {

void evolve(payment_state& state, const events::any_event& event, events::timestamp ts) {
  ++state.version;
  if (const auto* c = std::get_if<events::checkout_created>(&event)) {
    state.checkout_id = c->checkout_id;
    state.account_id = c->account_id;
    state.amount_minor = c->amount_minor;
    state.currency = c->currency;
    state.price_per_tb_minor = c->price_per_tb_minor;
    state.traffic_bytes = c->traffic_bytes;
    state.created_at = ts;
  } else if (std::holds_alternative<events::payment_completed>(event)) {
    state.completed = true;
    state.completed_at = ts;
  }
}

checkout_view view(const payment_state& s) {
  return {s.checkout_id,  s.account_id,  s.completed ? "completed" : "pending",
          s.amount_minor, s.currency,    s.traffic_bytes,
          s.created_at,   s.completed_at};
}

std::string to_snapshot(const payment_state& s) {
  return events::encode_record(s);
}

result<payment_state> payment_from_snapshot(std::string_view text) {
  return events::decode_record<payment_state>(text);
}

} // namespace sluice::actors
