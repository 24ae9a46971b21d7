// Read model of metered usage: hourly buckets per (account, hour, key, country, service), folded
// from BytesMetered. Every usage query of the REST API aggregates a range of these buckets.
#pragma once

#include <string>

#include "events/time.hpp"
#include "projections/projection.hpp"

namespace sluice::projections {

class usage final : public projection {
public:
  static constexpr std::string_view projection_name = "usage";
  /// "usage/{account}/" — every bucket of the account sorts under it, by hour first.
  static std::string account_prefix(std::string_view account_id);
  /// The hour a timestamp falls in, as a sortable key part "YYYYMMDDHH" (UTC).
  static std::string hour_key(events::timestamp ts);
  static std::string bucket_key(std::string_view account_id, std::string_view hour,
                                std::string_view key_id, std::string_view country,
                                std::string_view service);

  std::string_view name() const override {
    return projection_name;
  }
  status apply(const events::envelope& event, infra::projection_tx& tx) override;
};

} // namespace sluice::projections
