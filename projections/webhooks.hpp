// Read model of each account's registered webhooks (WebhookRegistered / WebhookDeleted /
// WebhookDisabled), for the listing. The secret is not kept here: only the webhook's own stream
// holds it, sealed.
#pragma once

#include <boost/describe/class.hpp>
#include <string>
#include <vector>

#include "projections/projection.hpp"

namespace sluice::projections {

/// The stored record of one webhook in an account's listing (events/record_codec.hpp).
struct webhook_listing_row {
  std::string id;
  std::string url;
  std::vector<std::string> events;
  bool active = true; ///< false once a receiver answered 410 Gone (absent in older rows).
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(webhook_listing_row, (), (id, url, events, active, created_at))

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
