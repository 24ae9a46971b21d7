// JSON shapes shared by the REST routes (seed 000's field names).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "actors/facade/commands.hpp"
#include "projections/facade/queries.hpp"

namespace sluice::http {

/// Bytes as GB (10^9), rounded to two decimals: the documents' `balance_gb`.
double gb_rounded(std::uint64_t bytes);
/// Bytes as GB, exact (a quota of 10^6 bytes is 0.001).
double gb_exact(std::uint64_t bytes);
/// GB (possibly fractional) to bytes, rounded to the nearest byte; nullopt if negative or huge.
std::optional<std::uint64_t> bytes_of_gb(double gb);

/// Minor units as a decimal string with two decimals: 1050 -> "10.50".
std::string money_text(std::int64_t minor);

/// A key family as the API names it: "gateway" (sk_live_), "reseller" (rv_), "subscription" (rk_).
std::string_view family_name(std::string_view prefix);
/// The secret prefix of a family name; nullopt for an unknown name.
std::optional<std::string_view> family_prefix(std::string_view name);

/// {"id","family","label","prefix","quota_gb","used_bytes","used_gb","revoked","created_at",
/// "last_used_at"}
boost::json::object key_json(const projections::key_listing_entry& key);
/// The same from the key actor's view, which knows no usage: for when the read model lags.
boost::json::object key_json(const actors::api_key_view& key);

/// {"checkout_id","status","amount","currency","bytes"}; callers add what their face shows.
boost::json::object checkout_json(const actors::checkout_view& checkout);

/// The operator's view of an account.
/// The operator's view of an account: both balances, money in `currency`.
boost::json::object admin_account_json(const actors::account_view& account,
                                       std::string_view currency);

} // namespace sluice::http
