// Events of a webhook registration (stream "webhook/{id}"). The signing secret is stored sealed
// (AES-256-GCM under the data directory's key): the delivery reactor needs it in clear to sign.
#pragma once

#include <boost/describe/class.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::events {

struct webhook_registered {
  static constexpr std::string_view type = "WebhookRegistered";
  std::string webhook_id;
  std::string account_id;
  std::string url;
  std::vector<std::string> events; ///< "balance.low", "balance.empty".
  std::string secret_sealed;
};
BOOST_DESCRIBE_STRUCT(webhook_registered, (), (webhook_id, account_id, url, events, secret_sealed))

struct webhook_deleted {
  static constexpr std::string_view type = "WebhookDeleted";
  std::string webhook_id;
  std::string account_id;
};
BOOST_DESCRIBE_STRUCT(webhook_deleted, (), (webhook_id, account_id))

/// The receiver answered 410 Gone: nothing more is sent to this webhook (it stays listed, with
/// "active": false, until deleted).
struct webhook_disabled {
  static constexpr std::string_view type = "WebhookDisabled";
  std::string webhook_id;
  std::string account_id;
  std::string reason;
  std::string delivery_id; ///< The delivery that got the 410.
};
BOOST_DESCRIBE_STRUCT(webhook_disabled, (), (webhook_id, account_id, reason, delivery_id))

} // namespace sluice::events
