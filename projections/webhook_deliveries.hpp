// Read model of webhook delivery attempts (WebhookDeliveryAttempted), for
// GET /v1/b2b/webhooks/{id}/deliveries: one row per attempt, newest first, with a count per
// webhook for `total`. Rows of a deleted webhook stay stored but are never listed (its listing
// is gone, so the route answers 404).
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <string>

#include "projections/projection.hpp"

namespace sluice::projections {

/// The stored record of one delivery attempt (events/record_codec.hpp).
struct delivery_attempt_row {
  std::string id; ///< The delivery's id.
  std::string event;
  bool success = false;
  std::uint64_t response_status = 0; ///< 0: no HTTP answer.
  std::string attempted_at;          ///< When the attempt started.
  std::uint64_t duration_ms = 0;
  std::string error;
  std::uint64_t attempt = 0;
  bool manual = false;
};
BOOST_DESCRIBE_STRUCT(delivery_attempt_row, (),
                      (id, event, success, response_status, attempted_at, duration_ms, error,
                       attempt, manual))

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
