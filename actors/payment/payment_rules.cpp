// Rules of the payment aggregate.
#include "actors/payment/payment_rules.hpp"

#include "actors/payment/pricing.hpp"

namespace sluice::actors {

result<std::vector<events::any_event>>
decide_checkout(const payment_state& state, const std::string& checkout_id,
                const create_checkout& cmd, const infra::billing_config& billing,
                const std::string& currency) {
  if (state.exists())
    return errc::already_exists;
  if (cmd.account_id.empty())
    return errc::invalid_argument;
  auto priced = price_topup(billing, cmd.amount_minor);
  if (!priced)
    return priced.error();
  return std::vector<events::any_event>{
    events::checkout_created{checkout_id, cmd.account_id, cmd.amount_minor, currency,
                             priced->price_per_tb_minor, priced->traffic_bytes}};
}

result<std::vector<events::any_event>> decide_complete(const payment_state& state) {
  if (!state.exists())
    return errc::not_found;
  if (state.completed)
    return std::vector<events::any_event>{};
  return std::vector<events::any_event>{events::payment_completed{
    state.checkout_id, state.account_id, state.amount_minor, state.traffic_bytes}};
}

status check_owner(const payment_state& state, const std::string& account_id) {
  if (!state.exists() || state.account_id != account_id)
    return errc::not_found;
  return {};
}

} // namespace sluice::actors
