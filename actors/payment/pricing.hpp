// Pricing of a wallet top-up (DESIGN.md §5): the whole amount at the highest tier it reaches,
// bytes = floor(amount * 10^12 / price_per_tb). Integer arithmetic only.
#pragma once

#include <cstdint>

#include "actors/facade/commands.hpp"
#include "events/base/result.hpp"
#include "infra/config.hpp"

namespace sluice::actors {

struct priced_topup {
  infra::money_minor price_per_tb_minor = 0;
  std::uint64_t traffic_bytes = 0;
};

/// errc::invalid_argument under billing.min_topup, over topup_max_minor, or with no tier.
result<priced_topup> price_topup(const infra::billing_config& billing,
                                 infra::money_minor amount_minor);

} // namespace sluice::actors
