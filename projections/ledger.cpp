// The ledger fold: each wallet-moving event becomes an entry chained to the account's previous
// one. The canonical record is CSV, so a check of an export needs nothing but a CSV writer and
// SHA-256 (docs/billing.md).
#include "projections/ledger.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "events/json_fields.hpp"
#include "infra/crypto.hpp"

namespace sluice::projections {
namespace {

struct chain_head {
  std::uint64_t balance_bytes = 0;
  std::int64_t balance_minor = 0;
  std::string hash = genesis_hash;
  std::uint64_t entries = 0;
};

result<chain_head> load_head(infra::projection_tx& tx, const std::string& account_id) {
  chain_head head;
  auto stored = tx.get(ledger::head_key(account_id));
  if (!stored)
    return stored.error();
  if (!*stored)
    return head;
  boost::system::error_code ec;
  auto v = boost::json::parse(**stored, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  const auto& o = v.as_object();
  using events::read_field;
  if (!read_field(o, "balance_bytes", head.balance_bytes) || !read_field(o, "hash", head.hash)
      || !read_field(o, "entries", head.entries)
      // Absent in heads written before money balances existed.
      || (o.contains("balance_minor") && !read_field(o, "balance_minor", head.balance_minor))) {
    return errc::corrupt_data;
  }
  return head;
}

std::string field_text(const boost::json::value* v) {
  if (v == nullptr || v->is_null())
    return {};
  if (v->is_string())
    return std::string{v->as_string()};
  return boost::json::serialize(*v);
}

struct movement {
  std::string account_id;
  std::string type;
  std::int64_t bytes = 0;
  std::optional<std::int64_t> amount;
  boost::json::object details;
  bool moves_money = false; ///< `amount` moves the money balance (else it only records a price).
};

std::optional<movement> movement_of(const events::any_event& e) {
  if (const auto* p = std::get_if<events::traffic_purchased>(&e)) {
    return movement{p->account_id, "purchase", static_cast<std::int64_t>(p->traffic_bytes),
                    p->money_minor, boost::json::object{{"checkout_id", p->checkout_id}}};
  }
  if (const auto* c = std::get_if<events::wallet_credited>(&e)) {
    std::optional<std::int64_t> amount;
    if (c->money_minor != 0)
      amount = c->money_minor;
    return movement{c->account_id, "credit", static_cast<std::int64_t>(c->traffic_bytes), amount,
                    boost::json::object{{"reason", c->reason}, {"reference", c->reference}}};
  }
  if (const auto* m = std::get_if<events::bytes_metered>(&e)) {
    return movement{m->account, "usage", -static_cast<std::int64_t>(m->bytes_up + m->bytes_down),
                    std::nullopt,
                    boost::json::object{{"key_id", m->key_id},
                                        {"session", m->session},
                                        {"country", m->country},
                                        {"service", m->service},
                                        {"node", m->node},
                                        {"tunnel", m->tunnel},
                                        {"report", m->report},
                                        {"bytes_up", m->bytes_up},
                                        {"bytes_down", m->bytes_down}}};
  }
  if (const auto* a = std::get_if<events::wallet_adjusted>(&e)) {
    return movement{a->account_id, "adjustment", a->bytes, std::nullopt,
                    boost::json::object{{"reason", a->reason}, {"reference", a->reference}}};
  }
  if (const auto* c = std::get_if<events::balance_credited>(&e)) {
    return movement{c->account_id,
                    "balance_credit",
                    0,
                    c->amount_minor,
                    boost::json::object{{"reason", c->reason}, {"reference", c->reference}},
                    true};
  }
  if (const auto* d = std::get_if<events::balance_debited>(&e)) {
    return movement{d->account_id,
                    "balance_debit",
                    0,
                    -d->amount_minor,
                    boost::json::object{{"reason", d->reason}, {"reference", d->reference}},
                    true};
  }
  return std::nullopt;
}

std::uint64_t balance_after(std::uint64_t balance, std::int64_t bytes) {
  if (bytes >= 0)
    return balance + static_cast<std::uint64_t>(bytes);
  const auto debit = static_cast<std::uint64_t>(-bytes);
  return balance - std::min(balance, debit);
}

} // namespace

const std::vector<std::string>& ledger_columns() {
  static const std::vector<std::string> columns{
    "seq",    "event_id", "ts",         "type",        "bytes",   "amount",    "balance_bytes",
    "hash",   "key_id",   "session",    "country",     "service", "node",      "tunnel",
    "report", "bytes_up", "bytes_down", "checkout_id", "reason",  "reference", "balance_minor"};
  return columns;
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  bool first = true;
  for (const auto& f : fields) {
    if (!first)
      out.push_back(',');
    first = false;
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out += f;
      continue;
    }
    out.push_back('"');
    for (const char c : f) {
      if (c == '"')
        out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  return out;
}

std::vector<std::string> ledger_fields(const boost::json::object& entry) {
  std::vector<std::string> out;
  for (const auto& column : ledger_columns())
    out.push_back(field_text(entry.if_contains(column)));
  return out;
}

std::string canonical_record(const std::string& account_id, const boost::json::object& entry) {
  std::vector<std::string> fields{account_id};
  for (const auto& column : ledger_columns()) {
    // balance_minor only where the entry has it (money movements): entries written before it
    // existed keep the hashes they were chained with.
    if (column == "hash" || (column == "balance_minor" && !entry.contains(column)))
      continue;
    fields.push_back(field_text(entry.if_contains(column)));
  }
  return csv_record(fields);
}

std::string chain_hash(const std::string& previous_hash, const std::string& account_id,
                       const boost::json::object& entry) {
  return infra::sha256_hex(previous_hash + canonical_record(account_id, entry));
}

namespace {

/// The entry of a movement, or none for one that moves nothing.
std::optional<ledger_move> entry_of(const events::envelope& env, std::optional<movement> move,
                                    std::uint64_t balance_before, std::int64_t money_before) {
  if (!move || (move->bytes == 0 && !move->amount))
    return std::nullopt;
  const auto after = balance_after(balance_before, move->bytes);
  auto money_after = money_before;
  if (move->moves_money) {
    const auto change = *move->amount;
    // As the account folds it: a debit never takes the balance below zero.
    money_after = change >= 0 ? money_before + change
                              : money_before - std::min(money_before, -change);
  }
  boost::json::object entry{{"seq", env.seq},
                            {"event_id", env.id},
                            {"ts", events::format_timestamp(env.ts)},
                            {"type", move->type},
                            {"bytes", move->bytes},
                            {"amount", move->amount ? boost::json::value(*move->amount) : nullptr},
                            {"balance_bytes", after}};
  for (auto& [k, v] : move->details)
    entry[k] = v;
  if (move->moves_money)
    entry["balance_minor"] = money_after;
  return ledger_move{
    move->account_id, std::move(entry), move->bytes, after, move->moves_money ? *move->amount : 0,
    money_after};
}

} // namespace

std::optional<ledger_move> ledger_move_of(const events::envelope& env, const events::any_event& e,
                                          std::uint64_t balance_before,
                                          std::int64_t balance_minor_before) {
  return entry_of(env, movement_of(e), balance_before, balance_minor_before);
}

std::string ledger::entries_prefix(std::string_view account_id) {
  return std::string{projection_name} + "/e/" + std::string{account_id} + "/";
}

std::string ledger::entry_key(std::string_view account_id, std::uint64_t seq) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(seq));
  return entries_prefix(account_id) + digits;
}

std::string ledger::heads_prefix() {
  return std::string{projection_name} + "/head/";
}

std::string ledger::head_key(std::string_view account_id) {
  return heads_prefix() + std::string{account_id};
}

status ledger::apply(const events::envelope& event, infra::projection_tx& tx) {
  if (event.type != events::traffic_purchased::type && event.type != events::wallet_credited::type
      && event.type != events::bytes_metered::type && event.type != events::wallet_adjusted::type
      && event.type != events::balance_credited::type
      && event.type != events::balance_debited::type) {
    return {};
  }
  auto decoded = events::decode(event);
  if (!decoded)
    return decoded.error();
  auto moved = movement_of(*decoded);
  if (!moved)
    return {};
  auto head = load_head(tx, moved->account_id);
  if (!head)
    return head.error();
  auto move = entry_of(event, std::move(moved), head->balance_bytes, head->balance_minor);
  if (!move)
    return {};
  const auto hash = chain_hash(head->hash, move->account_id, move->entry);
  move->entry["hash"] = hash;
  tx.put(entry_key(move->account_id, event.seq), boost::json::serialize(move->entry));
  tx.put(head_key(move->account_id),
         boost::json::serialize(boost::json::object{{"balance_bytes", move->balance_after},
                                                    {"balance_minor", move->balance_minor_after},
                                                    {"hash", hash},
                                                    {"entries", head->entries + 1},
                                                    {"last_seq", event.seq}}));
  return {};
}

} // namespace sluice::projections
