// Fold of exit_nodes. A health event for a node without a row (a log cut short by hand) starts
// one, so a row never goes missing for a node with events.
#include "projections/exit_nodes.hpp"

#include "events/catalogue.hpp"
#include "events/record_codec.hpp"

namespace sluice::projections {
namespace {

result<exit_node_row> row_of(infra::projection_tx& tx, const std::string& node) {
  auto text = tx.get(exit_nodes::key(node));
  if (!text)
    return text.error();
  if (!*text) {
    exit_node_row fresh;
    fresh.node = node;
    return fresh;
  }
  return events::decode_record<exit_node_row>(**text);
}

void fold(exit_node_row& row, const events::any_event& event, const std::string& at) {
  if (const auto* r = std::get_if<events::node_registered>(&event)) {
    row.country = r->country;
    row.kind = r->kind;
    row.services = r->services;
    if (row.status == "retired") // Back in the configuration, in its last known health.
      row.status = row.down_until ? "down" : "up";
    row.registered_at = at;
  } else if (const auto* d = std::get_if<events::node_down>(&event)) {
    row.status = "down";
    row.down_until = d->until;
    row.down_reason = d->reason;
  } else if (std::holds_alternative<events::node_up>(event)) {
    row.status = "up";
    row.down_until.reset();
    row.down_reason.reset();
  } else if (std::holds_alternative<events::node_retired>(event)) {
    row.status = "retired";
  }
  row.updated_at = at;
}

std::string node_of(const events::any_event& event) {
  return std::visit(
    [](const auto& e) -> std::string {
      if constexpr (requires { e.node; }) {
        return e.node;
      } else {
        return {};
      }
    },
    event);
}

} // namespace

std::string exit_nodes::prefix() {
  return std::string{projection_name} + "/";
}

std::string exit_nodes::key(std::string_view node) {
  return prefix() + std::string{node};
}

status exit_nodes::apply(const events::envelope& event, infra::projection_tx& tx) {
  const auto& t = event.type;
  if (t != events::node_registered::type && t != events::node_down::type
      && t != events::node_up::type && t != events::node_retired::type) {
    return {};
  }
  auto decoded = events::decode(event);
  if (!decoded)
    return decoded.error();
  const auto node = node_of(*decoded);
  auto row = row_of(tx, node);
  if (!row)
    return row.error();
  fold(*row, *decoded, events::format_timestamp(event.ts));
  tx.put(key(node), events::encode_record(*row));
  return {};
}

} // namespace sluice::projections
