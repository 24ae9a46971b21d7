// The exit-node fold and its snapshot codec.
#include "actors/exit_node/node_state.hpp"

#include <boost/json.hpp>

#include "events/record_codec.hpp"

namespace sluice::actors {

void evolve(node_state& state, const events::any_event& event, events::timestamp /*ts*/) {
  ++state.version;
  if (const auto* r = std::get_if<events::node_registered>(&event)) {
    state.node = r->node;
    state.country = r->country;
    state.kind = r->kind;
    state.services = r->services;
    state.retired = false;
  } else if (const auto* d = std::get_if<events::node_down>(&event)) {
    // An unreadable `until` cannot come from this build; read as a cool-down already over.
    state.down_until
      = events::parse_timestamp(d->until).value_or(events::timestamp{std::chrono::milliseconds{1}});
    state.down_reason = d->reason;
    ++state.downs;
  } else if (std::holds_alternative<events::node_up>(event)) {
    state.down_until = {};
    state.down_reason.clear();
    state.downs = 0;
  } else if (std::holds_alternative<events::node_retired>(event)) {
    state.retired = true;
  }
}

std::string to_snapshot(const node_state& s) {
  return events::encode_record(s);
}

result<node_state> node_from_snapshot(std::string_view text) {
  return events::decode_record<node_state>(text);
}

std::string node_stream(const std::string& node_id) {
  return "node/" + node_id;
}

} // namespace sluice::actors
