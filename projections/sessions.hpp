// Read model of each account's sticky sessions (SessionBound / Rotated / Discarded / Expired,
// and BytesMetered for traffic and activity), for GET /v1/b2b/proxy/assigned.
#pragma once

#include "projections/projection.hpp"

namespace sluice::projections {

class sessions final : public projection {
public:
  static constexpr std::string_view projection_name = "sessions";
  static std::string listing_prefix(std::string_view account_id);
  static std::string listing_key(std::string_view account_id, std::string_view session,
                                 std::string_view country);

  std::string_view name() const override {
    return projection_name;
  }
  status apply(const events::envelope& event, infra::projection_tx& tx) override;
};

} // namespace sluice::projections
