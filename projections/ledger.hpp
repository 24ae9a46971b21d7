// Read model of each account's billing ledger (issue #6): one entry per event that moved the
// wallet (a purchase, an operator credit, metered usage, a correction) or the money balance (a
// credit, a payment), in log order, with the running balance after it and a SHA-256 hash chaining
// it to the account's previous entry, so an exported ledger is tamper-evident. The canonical form
// the hash covers is in docs/billing.md.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/catalogue.hpp"
#include "events/envelope.hpp"
#include "projections/projection.hpp"

namespace sluice::projections {

/// The columns of an entry, in export order; every entry has the first eight.
const std::vector<std::string>& ledger_columns();

/// One RFC 4180 record of `fields` (quoted only where needed), without a line end.
std::string csv_record(const std::vector<std::string>& fields);

/// An entry's columns as text: numbers in decimal, absent or null fields empty.
std::vector<std::string> ledger_fields(const boost::json::object& entry);

/// What the hash covers: the CSV record of the account id followed by every column but `hash`.
std::string canonical_record(const std::string& account_id, const boost::json::object& entry);

/// Lowercase hex SHA-256 of `previous_hash` (64 hex digits; 64 zeros before the first entry)
/// followed by canonical_record().
std::string chain_hash(const std::string& previous_hash, const std::string& account_id,
                       const boost::json::object& entry);

inline const std::string genesis_hash(64, '0');

/// The entry (without "hash") an event makes, given the balances before it: none for an event
/// that moves neither. `balance_bytes` and a money entry's `balance_minor` follow the account's
/// own fold exactly (a debit never takes either below zero).
struct ledger_move {
  std::string account_id;
  boost::json::object entry;
  std::int64_t bytes = 0;
  std::uint64_t balance_after = 0;
  std::int64_t money = 0; ///< The money balance's change (minor units, signed).
  std::int64_t balance_minor_after = 0;
};
std::optional<ledger_move> ledger_move_of(const events::envelope& env, const events::any_event& e,
                                          std::uint64_t balance_before,
                                          std::int64_t balance_minor_before);

class ledger final : public projection {
public:
  static constexpr std::string_view projection_name = "ledger";
  /// "ledger/e/{account}/": the entries, by sequence.
  static std::string entries_prefix(std::string_view account_id);
  static std::string entry_key(std::string_view account_id, std::uint64_t seq);
  /// "ledger/head/": one key per account with entries.
  static std::string heads_prefix();
  /// The chain's head: {"balance_bytes","hash","entries","last_seq"}.
  static std::string head_key(std::string_view account_id);

  std::string_view name() const override {
    return projection_name;
  }
  status apply(const events::envelope& event, infra::projection_tx& tx) override;
};

} // namespace sluice::projections
