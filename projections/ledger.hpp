// Read model of each account's billing ledger (issue #6): one entry per event that moved the
// wallet (a purchase, an operator credit, metered usage, a correction), in log order, with the
// running balance after it and a SHA-256 hash chaining it to the account's previous entry, so an
// exported ledger is tamper-evident. The canonical form the hash covers is in docs/billing.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "events/envelope.hpp"
#include "projections/projection.hpp"

namespace sluice::projections {

/// One ledger entry as the chain sees it. `amount` is money in minor units of the configured
/// currency, where money moved.
struct ledger_link {
  std::string account_id;
  std::uint64_t seq = 0;
  std::string event_id;
  std::string ts;         ///< RFC 3339, milliseconds, UTC.
  std::string type;       ///< "purchase", "credit", "usage" or "adjustment".
  std::int64_t bytes = 0; ///< Credits positive, debits negative.
  std::optional<std::int64_t> amount;
  std::uint64_t balance_bytes = 0; ///< After this entry.
};

/// The exact bytes the hash covers: {"account","seq","event_id","ts","type","bytes","amount",
/// "balance_bytes"} in that order, no spaces, `amount` null when no money moved.
std::string canonical_json(const ledger_link& link);

/// Lowercase hex SHA-256 of `previous_hash` (64 hex digits; 64 zeros before the first entry)
/// followed by canonical_json(link).
std::string chain_hash(const std::string& previous_hash, const ledger_link& link);

inline const std::string genesis_hash(64, '0');

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
