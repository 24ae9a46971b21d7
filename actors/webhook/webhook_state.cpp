// The webhook fold and its snapshot codec.
#include "actors/webhook/webhook_state.hpp"

#include <boost/json.hpp>

#include "events/record_codec.hpp"

namespace sluice::actors {

void evolve(webhook_state& state, const events::any_event& event, events::timestamp ts) {
  ++state.version;
  if (const auto* r = std::get_if<events::webhook_registered>(&event)) {
    state.webhook_id = r->webhook_id;
    state.account_id = r->account_id;
    state.url = r->url;
    state.events = r->events;
    state.secret_sealed = r->secret_sealed;
    state.created_at = ts;
  } else if (std::holds_alternative<events::webhook_deleted>(event)) {
    state.deleted = true;
  } else if (std::holds_alternative<events::webhook_disabled>(event)) {
    state.disabled = true;
  }
}

webhook_view view(const webhook_state& s) {
  return {s.webhook_id, s.account_id, s.url, s.events, s.deleted, s.created_at};
}

std::string to_snapshot(const webhook_state& s) {
  return events::encode_record(s);
}

result<webhook_state> webhook_from_snapshot(std::string_view text) {
  return events::decode_record<webhook_state>(text);
}

} // namespace sluice::actors
