// Tier choice and the bytes a top-up buys.
#include "actors/payment/pricing.hpp"

namespace sluice::actors {

result<priced_topup> price_topup(const infra::billing_config& billing,
                                 infra::money_minor amount_minor) {
  if (amount_minor < billing.min_topup_minor || amount_minor <= 0
      || amount_minor > topup_max_minor) {
    return errc::invalid_argument;
  }
  const infra::price_tier* tier = nullptr;
  for (const auto& t : billing.tiers) { // Ascending by `from`: the last one reached wins.
    if (t.from_minor <= amount_minor)
      tier = &t;
  }
  if (tier == nullptr || tier->price_per_tb_minor <= 0)
    return errc::invalid_argument;
  constexpr std::uint64_t bytes_per_tb = 1'000'000'000'000;
  const auto bytes = static_cast<std::uint64_t>(amount_minor) * bytes_per_tb
                     / static_cast<std::uint64_t>(tier->price_per_tb_minor);
  return priced_topup{tier->price_per_tb_minor, bytes};
}

} // namespace sluice::actors
