// Reads of the ledger read model for the API (`GET /v1/b2b/ledger`), `sluice audit` and
// `sluice verify`: pages of an account's entries in log order, and the chain's head.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/base/result.hpp"
#include "events/time.hpp"
#include "infra/projection_store.hpp"

namespace sluice::projections {

struct ledger_page_query {
  std::string account_id;
  std::optional<events::timestamp> from; ///< Inclusive.
  std::optional<events::timestamp> to;   ///< Exclusive.
  std::uint64_t after_seq = 0;           ///< The cursor: entries with a greater sequence.
  std::size_t limit = 100;
};

struct ledger_page {
  std::vector<boost::json::object> entries; ///< Oldest first, as stored (with "hash").
  /// Set when more entries may follow. A time range that skips many entries can give a page
  /// with fewer than `limit` entries (even none) and a cursor: each call reads a bounded number
  /// of rows, so one request never scans a whole large ledger.
  std::optional<std::uint64_t> next_after;
};

struct ledger_head {
  std::uint64_t balance_bytes = 0;
  std::int64_t balance_minor = 0; ///< The money balance after the last money entry.
  std::string hash;
  std::uint64_t entries = 0;
  std::uint64_t last_seq = 0;
};

/// The CSV header line of an export (with "\r\n"): the ledger's columns (docs/billing.md).
std::string ledger_csv_header();
/// One CSV line (with "\r\n") of an entry; fields quoted where RFC 4180 needs it.
std::string ledger_csv_line(const boost::json::object& entry);

class ledger_queries {
public:
  explicit ledger_queries(const infra::projection_store& store) : store_(store) {
  }

  /// Entries in sequence order with from <= ts < to. A time range is a filter over the
  /// account's entries after the cursor (there is no index by time); at most 10 000 rows are
  /// read per call.
  result<ledger_page> page(const ledger_page_query& q) const;
  /// None for an account without entries.
  result<std::optional<ledger_head>> head(std::string_view account_id) const;
  /// Every account with a ledger, in id order.
  result<std::vector<std::string>> accounts() const;

private:
  const infra::projection_store& store_;
};

} // namespace sluice::projections
