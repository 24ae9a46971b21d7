// Events of a wallet top-up (stream "payment/{checkout_id}"): a checkout is created at a price
// fixed when it is created, and completed once; completion is what credits the wallet.
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::events {

struct checkout_created {
  static constexpr std::string_view type = "CheckoutCreated";
  std::string checkout_id;
  std::string account_id;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::int64_t price_per_tb_minor = 0; ///< The tier price the amount was priced at.
  std::uint64_t traffic_bytes = 0;     ///< floor(amount * 10^12 / price_per_tb).
};
BOOST_DESCRIBE_STRUCT(checkout_created, (),
                      (checkout_id, account_id, amount_minor, currency, price_per_tb_minor,
                       traffic_bytes))

/// The payment went through (an operator confirmed it); TrafficPurchased on the account follows.
struct payment_completed {
  static constexpr std::string_view type = "PaymentCompleted";
  std::string checkout_id;
  std::string account_id;
  std::int64_t amount_minor = 0;
  std::uint64_t traffic_bytes = 0;
};
BOOST_DESCRIBE_STRUCT(payment_completed, (), (checkout_id, account_id, amount_minor, traffic_bytes))

} // namespace sluice::events
