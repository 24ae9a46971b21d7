// The fold of an account stream: what the account actor decides commands against.
#pragma once

#include <algorithm>
#include <boost/describe/class.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "actors/account/recent_references.hpp"
#include "actors/facade/commands.hpp"
#include "events/catalogue.hpp"

namespace sluice::actors {

/// 1 GB (10^9 bytes): below it the wallet is "low" (seed 000 §09).
inline constexpr std::uint64_t balance_low_bytes = 1'000'000'000;
/// The most a wallet holds (about 9.2 EB): every movement fits the ledger's signed byte amounts.
inline constexpr std::uint64_t wallet_bytes_max = 9'223'372'036'854'775'807ULL;

/// One API key's share of the account: its cap (ApiKeyQuotaSet) and the bytes metered on it
/// since its last ApiKeyUsageReset. Kept in the account's fold, beside the wallet, so that a
/// grant, the debit and the key's tally are decided in one place.
struct key_allowance {
  std::optional<std::uint64_t> quota_bytes; ///< No value: no cap.
  std::uint64_t used_bytes = 0;

  /// Bytes the cap still allows; no value when uncapped.
  std::optional<std::uint64_t> remaining() const {
    if (!quota_bytes)
      return std::nullopt;
    return *quota_bytes - std::min(*quota_bytes, used_bytes);
  }
};
BOOST_DESCRIBE_STRUCT(key_allowance, (), (quota_bytes, used_bytes))

struct account_state {
  std::string account_id;
  std::string email;
  std::string password_hash;
  std::string kind;
  std::uint64_t traffic_bytes = 0;
  /// The money balance, in minor units of `currency`: BalanceCredited less BalanceDebited.
  std::int64_t balance_minor = 0;
  events::timestamp created_at{};
  std::string primary_key_id;          ///< The tunnel credential's key; empty until asked.
  recent_references credit_references; ///< Applied credit references (idempotency).
  recent_references debit_references;  ///< Applied money debits (idempotency).
  bool low_armed = false;   ///< At or above 1 GB since the last BalanceLow: the next fall emits.
  bool empty_armed = false; ///< Above zero since the last BalanceEmpty.
  std::set<std::string> blacklisted_nodes;   ///< Exit nodes no session of this account gets.
  std::map<std::string, key_allowance> keys; ///< By key id: capped or metered keys only.
  std::uint64_t version = 0;                 ///< Events folded so far.

  bool exists() const {
    return !account_id.empty();
  }
};
BOOST_DESCRIBE_STRUCT(account_state, (),
                      (account_id, email, password_hash, kind, traffic_bytes, balance_minor,
                       created_at, primary_key_id, credit_references, debit_references, low_armed,
                       empty_armed, blacklisted_nodes, keys, version))

/// The idempotency reference of a purchase, apart from operator credit references.
inline std::string purchase_reference(const std::string& checkout_id) {
  return "checkout:" + checkout_id;
}

/// Applies one event of this account's stream. `ts` is the envelope timestamp.
void evolve(account_state& state, const events::any_event& event, events::timestamp ts);

account_view view(const account_state& state);

/// The key's cap and tally (an unknown key: no cap, nothing used).
key_allowance allowance_of(const account_state& state, const std::string& key_id);

/// Snapshot codec (JSON). from_snapshot returns errc::corrupt_data on bad input.
std::string to_snapshot(const account_state& state);
result<account_state> account_from_snapshot(std::string_view text);

} // namespace sluice::actors
