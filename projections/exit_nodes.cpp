// Fold of exit_nodes. A health event for a node without a row (a log cut short by hand) starts
// one, so a row never goes missing for a node with events.
#include "projections/exit_nodes.hpp"

#include <boost/json.hpp>

#include "events/catalogue.hpp"

namespace sluice::projections {
namespace {

result<boost::json::object> row_of(infra::projection_tx& tx, const std::string& node) {
  auto text = tx.get(exit_nodes::key(node));
  if (!text)
    return text.error();
  if (!*text) {
    return boost::json::object{{"node", node},
                               {"country", ""},
                               {"kind", ""},
                               {"services", boost::json::array{}},
                               {"status", "up"},
                               {"down_until", nullptr},
                               {"down_reason", nullptr},
                               {"registered_at", nullptr}};
  }
  boost::system::error_code ec;
  auto v = boost::json::parse(**text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  return std::move(v.as_object());
}

void fold(boost::json::object& row, const events::any_event& event, const std::string& at) {
  if (const auto* r = std::get_if<events::node_registered>(&event)) {
    boost::json::array services;
    for (const auto& tag : r->services)
      services.emplace_back(tag);
    row["country"] = r->country;
    row["kind"] = r->kind;
    row["services"] = std::move(services);
    if (row["status"] == "retired") // Back in the configuration, in its last known health.
      row["status"] = row["down_until"].is_null() ? "up" : "down";
    row["registered_at"] = at;
  } else if (const auto* d = std::get_if<events::node_down>(&event)) {
    row["status"] = "down";
    row["down_until"] = d->until;
    row["down_reason"] = d->reason;
  } else if (std::holds_alternative<events::node_up>(event)) {
    row["status"] = "up";
    row["down_until"] = nullptr;
    row["down_reason"] = nullptr;
  } else if (std::holds_alternative<events::node_retired>(event)) {
    row["status"] = "retired";
  }
  row["updated_at"] = at;
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
  tx.put(key(node), boost::json::serialize(*row));
  return {};
}

} // namespace sluice::projections
