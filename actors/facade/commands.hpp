// Commands and views exchanged between the front ends (gateway/, http/) and the actors. Plain
// structs: no CAF here, so the front ends never see the actor runtime.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "events/time.hpp"

namespace sluice::actors {

/// Signup. The caller hashes the password (Argon2id is slow; it must not run on an actor thread).
struct create_account {
  std::string email;
  std::string password_hash;
  std::string kind; ///< "b2b", "reseller" or "subscription".
  std::optional<std::string> company;
};

struct account_view {
  std::string account_id;
  std::string email;
  std::string password_hash;
  std::string kind;
  std::uint64_t traffic_bytes = 0;
  std::int64_t balance_minor = 0; ///< The money balance, in minor units of `currency`.
  events::timestamp created_at{};
  std::uint64_t version = 0; ///< Events applied; the stream version this view reflects.
  std::set<std::string> blacklisted_nodes; ///< Exit nodes it discarded (ExitNodeBlacklisted).
};

/// Adds to the wallet. A non-empty `reference` is applied once: repeating it changes nothing.
struct credit_wallet {
  std::string account_id;
  std::uint64_t traffic_bytes = 0;
  std::int64_t money_minor = 0;
  std::string reason;
  std::string reference;
};

/// Adds money to the balance (an operator's credit). A non-empty `reference` is applied once:
/// repeating it changes nothing. errc::invalid_argument for an amount <= 0 or one the balance
/// cannot hold.
struct credit_balance {
  std::string account_id;
  std::int64_t amount_minor = 0;
  std::string reason;
  std::string reference;
};

/// The most a money balance holds, in minor units.
inline constexpr std::int64_t balance_minor_max = 9'223'372'036'854'775'807LL;

/// Pays `amount_minor` from the balance for what `reference` names ("order:17"; required).
/// Applied once per reference: a repeat answers the balance and debits nothing. errc::wallet_empty
/// when the balance cannot cover it (nothing is debited).
struct debit_balance {
  std::string account_id;
  std::int64_t amount_minor = 0;
  std::string reason;
  std::string reference;
};

/// An operator's correction: `bytes` signed, never zero; a debit may not exceed the balance.
struct adjust_wallet {
  std::string account_id;
  std::int64_t bytes = 0;
  std::string reason;
  std::string reference;
};

struct mint_api_key {
  std::string account_id;
  std::string family; ///< "sk_live_", "rv_" or "rk_".
  std::string label;
  std::optional<std::uint64_t> quota_bytes;
};

struct api_key_view {
  std::string key_id;
  std::string account_id;
  std::string family;
  std::string label;
  std::string prefix;
  std::optional<std::uint64_t> serial;      ///< `rv_` keys: the reseller face's integer id.
  std::optional<std::uint64_t> quota_bytes; ///< Set by mint and quota answers only;
  std::uint64_t used_bytes = 0;             ///< the read model has them for every key.
  bool revoked = false;
  events::timestamp created_at{};
};

/// The answer to mint: the view plus the secret, shown in full this once.
struct minted_api_key {
  api_key_view key;
  std::string secret;
};

/// Names one key of one account; a key of another account is errc::not_found.
struct api_key_ref {
  std::string account_id;
  std::string key_id;
};

struct set_api_key_quota {
  std::string account_id;
  std::string key_id;
  std::optional<std::uint64_t> quota_bytes; ///< No value: no cap.
  bool reset_used = false;
  bool keep_quota = false; ///< Leave the cap as it is (only reset, if asked).
};

/// The largest top-up accepted (100 000.00), so amount * 10^12 stays inside 64 bits.
inline constexpr std::int64_t topup_max_minor = 10'000'000;

/// The wallet events a webhook may subscribe to (seed 000 §09).
inline constexpr std::array<std::string_view, 2> webhook_event_names{"balance.low",
                                                                     "balance.empty"};

/// A wallet top-up at the configured price tiers; errc::invalid_argument under the minimum.
struct create_checkout {
  std::string account_id;
  std::int64_t amount_minor = 0;
};

struct checkout_view {
  std::string checkout_id;
  std::string account_id;
  std::string status; ///< "pending" or "completed".
  std::int64_t amount_minor = 0;
  std::string currency;
  std::uint64_t traffic_bytes = 0;
  events::timestamp created_at{};
  std::optional<events::timestamp> completed_at;
};

/// Names one checkout of one account; another account's is errc::not_found.
struct checkout_ref {
  std::string account_id;
  std::string checkout_id;
};

/// The URL has already passed the front end's SSRF guard (it needs DNS, which actors do not do).
struct register_webhook {
  std::string account_id;
  std::string url;
  std::vector<std::string> events;
};

struct webhook_view {
  std::string webhook_id;
  std::string account_id;
  std::string url;
  std::vector<std::string> events;
  bool deleted = false;
  events::timestamp created_at{};
};

/// The answer to register: the view plus the signing secret, shown in full this once.
struct registered_webhook {
  webhook_view webhook;
  std::string secret;
};

struct webhook_ref {
  std::string account_id;
  std::string webhook_id;
};

/// Send a delivery of this account's webhook once more, now.
struct redeliver_webhook {
  std::string account_id;
  std::string webhook_id;
  std::string delivery_id;
};

struct redelivery_view {
  std::string delivery_id;
  std::string webhook_id;
  std::string event;
};

} // namespace sluice::actors
