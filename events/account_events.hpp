// Events of the account aggregate (stream "account/{id}") and of the email registry
// (stream "email/{lowercase email}"), which keeps one account per email (DESIGN.md §1).
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::events {

/// A customer account exists. `password_hash` is an Argon2id PHC string, never the password.
struct account_created {
  static constexpr std::string_view type = "AccountCreated";
  std::string account_id;
  std::string email; ///< As entered; comparisons use the lowercase form.
  std::string password_hash;
  std::string kind; ///< "b2b", "reseller" or "subscription".
};
BOOST_DESCRIBE_STRUCT(account_created, (), (account_id, email, password_hash, kind))

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

} // namespace sluice::events
