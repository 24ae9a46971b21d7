// Read model of the exit nodes the log knows (NodeRegistered, NodeDown, NodeUp, NodeRetired):
// what each was registered as, and its health, for operators (GET /v1/admin/exit-nodes) and for
// a start to retire the nodes its configuration no longer names. One row per node:
//   "exit_nodes/{node}" -> {"node","country","kind","services","status","down_until",
//                           "down_reason","registered_at","updated_at"}
// `status` is "up", "down" or "retired"; `down_until` and `down_reason` are null unless down.
#pragma once

#include <boost/describe/class.hpp>
#include <optional>
#include <string>
#include <vector>

#include "projections/projection.hpp"

namespace sluice::projections {

/// The stored row of one node (events/record_codec.hpp), members in the stored order.
struct exit_node_row {
  std::string node;
  std::string country;
  std::string kind;
  std::vector<std::string> services;
  std::string status = "up";
  std::optional<std::string> down_until;
  std::optional<std::string> down_reason;
  std::optional<std::string> registered_at;
  std::string updated_at;
};
BOOST_DESCRIBE_STRUCT(exit_node_row, (),
                      (node, country, kind, services, status, down_until, down_reason,
                       registered_at, updated_at))

class exit_nodes final : public projection {
public:
  static constexpr std::string_view projection_name = "exit_nodes";
  static std::string prefix();
  static std::string key(std::string_view node);

  std::string_view name() const override {
    return projection_name;
  }
  status apply(const events::envelope& event, infra::projection_tx& tx) override;
};

} // namespace sluice::projections
