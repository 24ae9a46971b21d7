// Ledger pages by scanning the account's entry keys after the cursor.
#include "projections/facade/ledger_queries.hpp"

#include <boost/json.hpp>

#include "events/json_fields.hpp"
#include "projections/ledger.hpp"

namespace sluice::projections {
namespace {

constexpr std::size_t scan_rows = 1000;
constexpr std::size_t scan_budget_rows = 10'000;

} // namespace

std::string ledger_csv_header() {
  return csv_record(ledger_columns()) + "\r\n";
}

std::string ledger_csv_line(const boost::json::object& entry) {
  return csv_record(ledger_fields(entry)) + "\r\n";
}

result<ledger_page> ledger_queries::page(const ledger_page_query& q) const {
  ledger_page out;
  const auto prefix = ledger::entries_prefix(q.account_id);
  const auto from = q.from ? events::format_timestamp(*q.from) : std::string{};
  const auto to = q.to ? events::format_timestamp(*q.to) : std::string{};
  std::string start_after = q.after_seq ? ledger::entry_key(q.account_id, q.after_seq) : "";
  std::uint64_t last_seq = q.after_seq;
  std::size_t scanned = 0;
  for (;;) {
    auto rows = store_.scan(prefix, start_after, scan_rows);
    if (!rows)
      return rows.error();
    for (const auto& [key, value] : *rows) {
      if (scanned++ == scan_budget_rows) {
        out.next_after = last_seq; // Enough read for one call; the cursor goes on from here.
        return out;
      }
      boost::system::error_code ec;
      auto v = boost::json::parse(value, ec);
      if (ec || !v.is_object())
        return errc::corrupt_data;
      auto& entry = v.as_object();
      std::string ts;
      std::uint64_t seq = 0;
      if (!events::read_field(entry, "ts", ts) || !events::read_field(entry, "seq", seq))
        return errc::corrupt_data;
      // Filtered, not cut off: events put in by tools may carry earlier times than their
      // sequence suggests, so the scan goes on to the end of the account's entries.
      if (ts < from || (!to.empty() && ts >= to)) {
        last_seq = seq;
        continue;
      }
      if (out.entries.size() == q.limit) {
        out.next_after = last_seq; // Another entry follows the page.
        return out;
      }
      last_seq = seq;
      out.entries.push_back(std::move(entry));
    }
    if (rows->size() < scan_rows)
      return out;
    start_after = rows->back().first;
  }
}

result<std::optional<ledger_head>> ledger_queries::head(std::string_view account_id) const {
  auto stored = store_.get(ledger::head_key(account_id));
  if (!stored)
    return stored.error();
  if (!*stored)
    return std::optional<ledger_head>{};
  boost::system::error_code ec;
  auto v = boost::json::parse(**stored, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  const auto& o = v.as_object();
  ledger_head h;
  using events::read_field;
  if (!read_field(o, "balance_bytes", h.balance_bytes) || !read_field(o, "hash", h.hash)
      || !read_field(o, "entries", h.entries)
      || !read_field(o, "last_seq", h.last_seq)
      // Absent in heads written before money balances existed.
      || (o.contains("balance_minor") && !read_field(o, "balance_minor", h.balance_minor))) {
    return errc::corrupt_data;
  }
  return std::optional<ledger_head>{std::move(h)};
}

result<std::vector<std::string>> ledger_queries::accounts() const {
  std::vector<std::string> out;
  const auto prefix = ledger::heads_prefix();
  std::string start_after;
  for (;;) {
    auto rows = store_.scan(prefix, start_after, scan_rows);
    if (!rows)
      return rows.error();
    for (const auto& [key, value] : *rows)
      out.push_back(key.substr(prefix.size()));
    if (rows->size() < scan_rows)
      return out;
    start_after = rows->back().first;
  }
}

} // namespace sluice::projections
