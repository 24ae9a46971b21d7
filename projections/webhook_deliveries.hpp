// Read model of webhook delivery attempts (WebhookDeliveryAttempted), for
// GET /v1/b2b/webhooks/{id}/deliveries: one row per attempt, newest first, with a count per
// webhook for `total`. Rows of a deleted webhook stay stored but are never listed (its listing
// is gone, so the route answers 404).
#pragma once

#include "projections/projection.hpp"

namespace sluice::projections {

class webhook_deliveries final : public projection {
public:
  static constexpr std::string_view projection_name = "webhook_deliveries";
  static std::string rows_prefix(std::string_view webhook_id);
  static std::string count_key(std::string_view webhook_id);

  std::string_view name() const override {
    return projection_name;
  }
  status apply(const events::envelope& event, infra::projection_tx& tx) override;
};

} // namespace sluice::projections
