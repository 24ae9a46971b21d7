// The ledger fold: each wallet-moving event becomes an entry chained to the account's previous
// one. The running balance follows the account's own fold exactly (a debit never takes it below
// zero), so `sluice verify` can compare the two.
#include "projections/ledger.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "events/catalogue.hpp"
#include "events/json_fields.hpp"
#include "infra/crypto.hpp"

namespace sluice::projections {
namespace {

std::string quoted(const std::string& s) {
  return boost::json::serialize(boost::json::value(s));
}

struct chain_head {
  std::uint64_t balance_bytes = 0;
  std::string hash = genesis_hash;
  std::uint64_t entries = 0;
  std::uint64_t last_seq = 0;
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
      || !read_field(o, "entries", head.entries) || !read_field(o, "last_seq", head.last_seq)) {
    return errc::corrupt_data;
  }
  return head;
}

/// What one event does to the wallet, and the fields it adds to its entry.
struct movement {
  std::string account_id;
  std::string type;
  std::int64_t bytes = 0;
  std::optional<std::int64_t> amount;
  boost::json::object details;
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
  return std::nullopt;
}

std::uint64_t balance_after(std::uint64_t balance, std::int64_t bytes) {
  if (bytes >= 0)
    return balance + static_cast<std::uint64_t>(bytes);
  const auto debit = static_cast<std::uint64_t>(-bytes);
  return balance - std::min(balance, debit);
}

} // namespace

std::string canonical_json(const ledger_link& l) {
  return R"({"account":)" + quoted(l.account_id) + R"(,"seq":)" + std::to_string(l.seq)
         + R"(,"event_id":)" + quoted(l.event_id) + R"(,"ts":)" + quoted(l.ts) + R"(,"type":)"
         + quoted(l.type) + R"(,"bytes":)" + std::to_string(l.bytes) + R"(,"amount":)"
         + (l.amount ? std::to_string(*l.amount) : std::string{"null"}) + R"(,"balance_bytes":)"
         + std::to_string(l.balance_bytes) + "}";
}

std::string chain_hash(const std::string& previous_hash, const ledger_link& link) {
  return infra::sha256_hex(previous_hash + canonical_json(link));
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
      && event.type != events::bytes_metered::type && event.type != events::wallet_adjusted::type) {
    return {};
  }
  auto decoded = events::decode(event);
  if (!decoded)
    return decoded.error();
  auto move = movement_of(*decoded);
  if (!move || (move->bytes == 0 && !move->amount))
    return {};
  auto head = load_head(tx, move->account_id);
  if (!head)
    return head.error();
  ledger_link link{move->account_id, event.seq,
                   event.id,         events::format_timestamp(event.ts),
                   move->type,       move->bytes,
                   move->amount,     balance_after(head->balance_bytes, move->bytes)};
  const auto hash = chain_hash(head->hash, link);
  boost::json::object entry{{"seq", link.seq},
                            {"event_id", link.event_id},
                            {"ts", link.ts},
                            {"type", link.type},
                            {"bytes", link.bytes},
                            {"amount", link.amount ? boost::json::value(*link.amount) : nullptr},
                            {"balance_bytes", link.balance_bytes},
                            {"hash", hash}};
  for (auto& [k, v] : move->details)
    entry[k] = v;
  tx.put(entry_key(link.account_id, link.seq), boost::json::serialize(entry));
  tx.put(head_key(link.account_id),
         boost::json::serialize(boost::json::object{{"balance_bytes", link.balance_bytes},
                                                    {"hash", hash},
                                                    {"entries", head->entries + 1},
                                                    {"last_seq", link.seq}}));
  return {};
}

} // namespace sluice::projections
