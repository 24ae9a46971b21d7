// The fold of an order stream ("order/{id}").
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/facade/lease_commands.hpp"
#include "events/catalogue.hpp"

namespace sluice::actors {

struct order_state {
  std::uint64_t order_id = 0;
  std::string account_id;
  std::uint32_t product_id = 0;
  std::uint32_t pricing_id = 0;
  std::string product_name;
  std::string pricing_label;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::string period_type;
  std::uint32_t period_duration = 0;
  std::int64_t period_ms = 0;
  std::string connection_type;
  std::uint32_t max_leases = 1;
  std::vector<std::string> locations;
  /// pending_payment, paid (paid, lease not yet recorded) or active. Expiry is the lease book's:
  /// the orders read model shows `expired` from ProxyExpired.
  std::string status;
  events::timestamp created_at{};
  std::optional<std::uint64_t> proxy_id;
  std::optional<events::timestamp> expires_at;
  std::uint64_t version = 0;

  bool exists() const {
    return order_id != 0;
  }
};
BOOST_DESCRIBE_STRUCT(order_state, (),
                      (order_id, account_id, product_id, pricing_id, product_name, pricing_label,
                       amount_minor, currency, period_type, period_duration, period_ms,
                       connection_type, max_leases, locations, status, created_at, proxy_id,
                       expires_at, version))

void evolve(order_state& state, const events::any_event& event, events::timestamp ts);

order_view view(const order_state& state);

std::string to_snapshot(const order_state& state);
result<order_state> order_from_snapshot(std::string_view text);

} // namespace sluice::actors
