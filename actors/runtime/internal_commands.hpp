// Commands actors send one another, never the front ends: plain structs so the rules that decide
// them stay free of CAF.
#pragma once

#include <cstdint>
#include <string>

namespace sluice::actors {

/// From a payment to its account: credit the traffic bought, once per checkout.
struct purchase_traffic {
  std::string account_id;
  std::string checkout_id;
  std::uint64_t traffic_bytes = 0;
  std::int64_t money_minor = 0;
};

} // namespace sluice::actors
