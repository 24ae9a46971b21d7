// Events of an order (stream "order/{id}", id an integer). An order snapshots what it sells (names,
// price, period, where it may be served) when it is created: editing the catalogue later never
// rewrites what was sold.
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::events {

struct order_created {
  static constexpr std::string_view type = "OrderCreated";
  std::uint64_t order_id = 0;
  std::string account_id;
  std::uint32_t product_id = 0;
  std::uint32_t pricing_id = 0;
  std::string product_name;
  std::string pricing_label;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::string period_type; ///< "hour", "day", "week" or "month", as the pricing tier said.
  std::uint32_t period_duration = 0;
  std::int64_t period_ms = 0;         ///< The period in time, at the `period_unit` of the sale.
  std::string connection_type;        ///< "private" or "shared".
  std::uint32_t max_leases = 1;       ///< Leases one node carries for a shared product.
  std::vector<std::string> locations; ///< Where it may be served, tried in this order.
};
BOOST_DESCRIBE_STRUCT(order_created, (),
                      (order_id, account_id, product_id, pricing_id, product_name, pricing_label,
                       amount_minor, currency, period_type, period_duration, period_ms,
                       connection_type, max_leases, locations))

/// The balance paid for it (BalanceDebited with reference "order:{id}" on the account).
struct order_paid {
  static constexpr std::string_view type = "OrderPaid";
  std::uint64_t order_id = 0;
  std::string account_id;
  std::int64_t amount_minor = 0;
};
BOOST_DESCRIBE_STRUCT(order_paid, (), (order_id, account_id, amount_minor))

/// Its lease was provisioned (ProxyProvisioned on the lease book): the order is active.
struct order_activated {
  static constexpr std::string_view type = "OrderActivated";
  std::uint64_t order_id = 0;
  std::string account_id;
  std::uint64_t proxy_id = 0;
  std::string expires_at; ///< RFC 3339, as envelope timestamps.
};
BOOST_DESCRIBE_STRUCT(order_activated, (), (order_id, account_id, proxy_id, expires_at))

} // namespace sluice::events
