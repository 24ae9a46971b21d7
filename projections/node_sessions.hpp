// Read model of how many sticky sessions each exit node holds (SessionBound, and Rotated /
// Discarded / Expired releasing it), so a restarted registry counts the bindings made before it
// when it looks for the least-loaded node (issue #4). Two kinds of row:
//   "node_sessions/session/{account}/{session}/{country}" -> the node it is bound to;
//   "node_sessions/count/{node}"                          -> sessions bound to it (decimal).
#pragma once

#include <string>

#include "projections/projection.hpp"

namespace sluice::projections {

class node_sessions final : public projection {
public:
  static constexpr std::string_view projection_name = "node_sessions";
  static std::string count_prefix();
  static std::string count_key(std::string_view node);
  static std::string binding_prefix();
  static std::string binding_key(std::string_view account, std::string_view session,
                                 std::string_view country);

  std::string_view name() const override {
    return projection_name;
  }
  status apply(const events::envelope& event, infra::projection_tx& tx) override;
};

} // namespace sluice::projections
