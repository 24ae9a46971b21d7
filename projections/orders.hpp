// Read model of each account's orders (OrderCreated / OrderPaid / OrderActivated, and
// ProxyExpired for the order whose lease ended), for seed 001's order listing and lookup.
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "projections/projection.hpp"

namespace sluice::projections {

/// The stored record of one order (events/record_codec.hpp).
struct order_row {
  std::uint64_t id = 0;
  std::uint32_t product_id = 0;
  std::uint32_t pricing_id = 0;
  std::string product_name;
  std::string pricing_label;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::string status; ///< pending_payment | paid | active | expired
  std::string created_at;
  std::optional<std::uint64_t> proxy_id;
  std::optional<std::string> expires_at;
};
BOOST_DESCRIBE_STRUCT(order_row, (),
                      (id, product_id, pricing_id, product_name, pricing_label, amount_minor,
                       currency, status, created_at, proxy_id, expires_at))

class orders final : public projection {
public:
  static constexpr std::string_view projection_name = "orders";
  static std::string listing_prefix(std::string_view account_id);
  /// Ids are written with 20 digits, so a prefix scan runs in id order.
  static std::string listing_key(std::string_view account_id, std::uint64_t order_id);

  std::string_view name() const override {
    return projection_name;
  }
  status apply(const events::envelope& event, infra::projection_tx& tx) override;
};

} // namespace sluice::projections
