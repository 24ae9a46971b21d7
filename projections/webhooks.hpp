// Read model of each account's registered webhooks (WebhookRegistered / WebhookDeleted /
// WebhookDisabled), for the listing. The secret is not kept here: only the webhook's own stream
// holds it, sealed.
#pragma once

#include "projections/projection.hpp"

namespace sluice::projections {

class webhooks final : public projection {
public:
  static constexpr std::string_view projection_name = "webhooks";
  static std::string listing_prefix(std::string_view account_id);
  static std::string listing_key(std::string_view account_id, std::string_view webhook_id);

  std::string_view name() const override {
    return projection_name;
  }
  status apply(const events::envelope& event, infra::projection_tx& tx) override;
};

} // namespace sluice::projections
