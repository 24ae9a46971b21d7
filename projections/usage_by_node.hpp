// Read model of metered usage per exit node and hour (issue #6), for operators to reconcile with
// what an upstream provider bills: "usage_by_node/{YYYYMMDDHH}/{node}" -> {"up","down"}.
#pragma once

#include <string>

#include "projections/projection.hpp"

namespace sluice::projections {

class usage_by_node final : public projection {
public:
  static constexpr std::string_view projection_name = "usage_by_node";
  static std::string hour_prefix(std::string_view hour);
  static std::string bucket_key(std::string_view hour, std::string_view node);

  std::string_view name() const override {
    return projection_name;
  }
  status apply(const events::envelope& event, infra::projection_tx& tx) override;
};

} // namespace sluice::projections
