// Rules of the account aggregate (house style B.3: pure core, thin shell).
#include "actors/account/account_rules.hpp"

#include <limits>

namespace sluice::actors {
namespace {

bool known_kind(const std::string& kind) {
  return kind == "b2b" || kind == "reseller" || kind == "subscription";
}

} // namespace

result<std::vector<events::any_event>> decide_create(const account_state& state,
                                                     const std::string& account_id,
                                                     const create_account& cmd) {
  if (state.exists())
    return errc::already_exists;
  if (account_id.empty() || cmd.email.empty() || cmd.password_hash.empty()
      || !known_kind(cmd.kind)) {
    return errc::invalid_argument;
  }
  return std::vector<events::any_event>{
    events::account_created{account_id, cmd.email, cmd.password_hash, cmd.kind, cmd.company}};
}

result<std::vector<events::any_event>> decide_credit(const account_state& state,
                                                     const credit_wallet& cmd) {
  if (!state.exists())
    return errc::not_found;
  if (cmd.money_minor < 0 || (cmd.traffic_bytes == 0 && cmd.money_minor == 0)) {
    return errc::invalid_argument;
  }
  if (cmd.traffic_bytes > wallet_bytes_max - std::min(state.traffic_bytes, wallet_bytes_max))
    return errc::invalid_argument;
  if (!cmd.reference.empty() && state.credit_references.contains(cmd.reference)) {
    return std::vector<events::any_event>{};
  }
  return std::vector<events::any_event>{events::wallet_credited{
    state.account_id, cmd.traffic_bytes, cmd.money_minor, cmd.reason, cmd.reference}};
}

result<std::vector<events::any_event>> decide_credit_balance(const account_state& state,
                                                             const credit_balance& cmd) {
  if (!state.exists())
    return errc::not_found;
  if (cmd.amount_minor <= 0 || cmd.amount_minor > balance_minor_max - state.balance_minor)
    return errc::invalid_argument;
  if (!cmd.reference.empty() && state.credit_references.contains(cmd.reference))
    return std::vector<events::any_event>{};
  return std::vector<events::any_event>{
    events::balance_credited{state.account_id, cmd.amount_minor, cmd.reason, cmd.reference}};
}

result<std::vector<events::any_event>> decide_debit_balance(const account_state& state,
                                                            const debit_balance& cmd) {
  if (!state.exists())
    return errc::not_found;
  if (cmd.amount_minor <= 0 || cmd.reference.empty())
    return errc::invalid_argument;
  if (state.debit_references.contains(cmd.reference))
    return std::vector<events::any_event>{};
  if (cmd.amount_minor > state.balance_minor)
    return errc::wallet_empty;
  return std::vector<events::any_event>{
    events::balance_debited{state.account_id, cmd.amount_minor, cmd.reason, cmd.reference}};
}

result<std::vector<events::any_event>>
decide_adjust(const account_state& state, const adjust_wallet& cmd, std::uint64_t reserved) {
  if (!state.exists())
    return errc::not_found;
  if (cmd.bytes == 0 || cmd.reason.empty() || cmd.bytes == std::numeric_limits<std::int64_t>::min())
    return errc::invalid_argument;
  if (!cmd.reference.empty() && state.credit_references.contains(cmd.reference))
    return std::vector<events::any_event>{};
  if (cmd.bytes > 0
      && static_cast<std::uint64_t>(cmd.bytes)
           > wallet_bytes_max - std::min(state.traffic_bytes, wallet_bytes_max)) {
    return errc::invalid_argument;
  }
  if (cmd.bytes > 0)
    return std::vector<events::any_event>{
      events::wallet_adjusted{state.account_id, cmd.bytes, cmd.reason, cmd.reference}};
  const auto debit = static_cast<std::uint64_t>(-cmd.bytes);
  const auto free = state.traffic_bytes - std::min(state.traffic_bytes, reserved);
  if (debit > free)
    return errc::wallet_empty;
  std::vector<events::any_event> out{
    events::wallet_adjusted{state.account_id, cmd.bytes, cmd.reason, cmd.reference}};
  const auto after = state.traffic_bytes - debit;
  if (state.low_armed && after < balance_low_bytes)
    out.emplace_back(events::balance_low{state.account_id, after});
  if (state.empty_armed && after == 0)
    out.emplace_back(events::balance_empty{state.account_id});
  return out;
}

result<std::vector<events::any_event>> decide_purchase(const account_state& state,
                                                       const purchase_traffic& cmd) {
  if (!state.exists() || cmd.account_id != state.account_id)
    return errc::not_found;
  if (cmd.checkout_id.empty() || cmd.traffic_bytes == 0 || cmd.money_minor < 0
      || cmd.traffic_bytes > wallet_bytes_max - std::min(state.traffic_bytes, wallet_bytes_max)) {
    return errc::invalid_argument;
  }
  if (state.credit_references.contains(purchase_reference(cmd.checkout_id)))
    return std::vector<events::any_event>{};
  return std::vector<events::any_event>{events::traffic_purchased{
    state.account_id, cmd.checkout_id, cmd.traffic_bytes, cmd.money_minor}};
}

result<std::vector<events::any_event>> decide_primary_key(const account_state& state,
                                                          const std::string& key_id) {
  if (!state.exists())
    return errc::not_found;
  if (key_id.empty())
    return errc::invalid_argument;
  if (state.primary_key_id == key_id)
    return std::vector<events::any_event>{};
  return std::vector<events::any_event>{events::primary_key_assigned{state.account_id, key_id}};
}

result<std::vector<events::any_event>> decide_key_quota(const account_state& state,
                                                        const set_api_key_quota& cmd) {
  if (!state.exists() || cmd.account_id != state.account_id)
    return errc::not_found;
  std::vector<events::any_event> out;
  if (!cmd.keep_quota && cmd.quota_bytes != allowance_of(state, cmd.key_id).quota_bytes)
    out.emplace_back(events::api_key_quota_set{cmd.key_id, state.account_id, cmd.quota_bytes});
  if (cmd.reset_used)
    out.emplace_back(events::api_key_usage_reset{cmd.key_id, state.account_id});
  return out;
}

} // namespace sluice::actors
