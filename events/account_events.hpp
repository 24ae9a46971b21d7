// Events of the account aggregate (stream "account/{id}") and of the email registry
// (stream "email/{lowercase email}"), which keeps one account per email (DESIGN.md §1).
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::events {

/// A customer account exists. `password_hash` is an Argon2id PHC string, never the password.
struct account_created {
  static constexpr std::string_view type = "AccountCreated";
  std::string account_id;
  std::string email; ///< As entered; comparisons use the lowercase form.
  std::string password_hash;
  std::string kind;                   ///< "b2b", "reseller" or "subscription".
  std::optional<std::string> company; ///< Given at signup, if any.
};
BOOST_DESCRIBE_STRUCT(account_created, (), (account_id, email, password_hash, kind, company))

/// The email (lowercase) now belongs to `account_id`; a second claim is refused by the log's
/// expected-version check on the email stream.
struct email_claimed {
  static constexpr std::string_view type = "EmailClaimed";
  std::string email;
  std::string account_id;
};
BOOST_DESCRIBE_STRUCT(email_claimed, (), (email, account_id))

/// The wallet grew. `reference` makes a credit idempotent: the account applies one credit per
/// non-empty reference (a payment id, an operator ticket).
struct wallet_credited {
  static constexpr std::string_view type = "WalletCredited";
  std::string account_id;
  std::uint64_t traffic_bytes = 0;
  std::int64_t money_minor = 0;
  std::string reason;
  std::string reference;
};
BOOST_DESCRIBE_STRUCT(wallet_credited, (),
                      (account_id, traffic_bytes, money_minor, reason, reference))

/// A completed payment became traffic. `checkout_id` is the idempotency reference: one purchase
/// per checkout, however often it is confirmed.
struct traffic_purchased {
  static constexpr std::string_view type = "TrafficPurchased";
  std::string account_id;
  std::string checkout_id;
  std::uint64_t traffic_bytes = 0;
  std::int64_t money_minor = 0; ///< What was paid for it, in the configured currency.
};
BOOST_DESCRIBE_STRUCT(traffic_purchased, (), (account_id, checkout_id, traffic_bytes, money_minor))

/// Usage of one tunnel since its previous report: the atomic debit of `bytes_up + bytes_down`
/// from the wallet (DESIGN.md §4). (tunnel, report) identifies a report, so a report delivered
/// twice is applied once. `service` is empty when the username named none. Field names are the
/// gateway issue's (#4).
struct bytes_metered {
  static constexpr std::string_view type = "BytesMetered";
  std::string account;
  std::string key_id;
  std::string session;
  std::string country;
  std::string service;
  std::string node;
  std::string tunnel;
  std::uint64_t report = 0;
  std::uint64_t bytes_up = 0;   ///< Client to target.
  std::uint64_t bytes_down = 0; ///< Target to client.
};
BOOST_DESCRIBE_STRUCT(bytes_metered, (),
                      (account, key_id, session, country, service, node, tunnel, report, bytes_up,
                       bytes_down))

/// An operator's correction of the wallet (POST /v1/admin/accounts/{id}/adjust): history is
/// never rewritten, a correction is a new entry. `bytes` is signed; a debit never takes the
/// balance below zero (the account refuses it).
struct wallet_adjusted {
  static constexpr std::string_view type = "WalletAdjusted";
  std::string account_id;
  std::int64_t bytes = 0;
  std::string reason;
  std::string reference; ///< Optional; makes the correction idempotent like a credit's.
};
BOOST_DESCRIBE_STRUCT(wallet_adjusted, (), (account_id, bytes, reason, reference))

/// The money balance grew (POST /v1/admin/accounts/{id}/balance/credit), in integer minor units
/// of the configured `currency`. A non-empty `reference` is applied once per account.
struct balance_credited {
  static constexpr std::string_view type = "BalanceCredited";
  std::string account_id;
  std::int64_t amount_minor = 0; ///< > 0.
  std::string reason;
  std::string reference;
};
BOOST_DESCRIBE_STRUCT(balance_credited, (), (account_id, amount_minor, reason, reference))

/// Money left the balance to pay for something (an order, a plan). `reference` names what was
/// paid ("order:17") and is required: a debit is applied once per reference, so a payment that
/// is retried (a lost answer, two concurrent pays) is never charged twice. The account refuses
/// a debit the balance cannot cover: it never goes below zero.
struct balance_debited {
  static constexpr std::string_view type = "BalanceDebited";
  std::string account_id;
  std::int64_t amount_minor = 0; ///< > 0.
  std::string reason;
  std::string reference;
};
BOOST_DESCRIBE_STRUCT(balance_debited, (), (account_id, amount_minor, reason, reference))

/// The account's primary gateway key (the password of its tunnel credential) is now `key_id`.
struct primary_key_assigned {
  static constexpr std::string_view type = "PrimaryKeyAssigned";
  std::string account_id;
  std::string key_id;
};
BOOST_DESCRIBE_STRUCT(primary_key_assigned, (), (account_id, key_id))

/// The wallet fell below 1 GB (10^9 bytes) from at or above it. Emitted once per crossing: armed
/// again only when the balance is back at or above 1 GB.
struct balance_low {
  static constexpr std::string_view type = "BalanceLow";
  std::string account_id;
  std::uint64_t balance_bytes = 0;
};
BOOST_DESCRIBE_STRUCT(balance_low, (), (account_id, balance_bytes))

/// The wallet reached zero. Once per crossing: armed again when the balance is above zero.
struct balance_empty {
  static constexpr std::string_view type = "BalanceEmpty";
  std::string account_id;
};
BOOST_DESCRIBE_STRUCT(balance_empty, (), (account_id))

/// No session of this account is bound to exit node `node` again (POST /proxy/discard).
struct exit_node_blacklisted {
  static constexpr std::string_view type = "ExitNodeBlacklisted";
  std::string account_id;
  std::string node;
};
BOOST_DESCRIBE_STRUCT(exit_node_blacklisted, (), (account_id, node))

} // namespace sluice::events
