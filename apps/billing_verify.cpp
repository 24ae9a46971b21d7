// One pass over the log builds the expected state of every account (balance, sums, key tallies,
// the ledger entries with their hashes); then each account is compared with its live fold, the
// ledger read model (walked and re-hashed row by row) and the key listing, and the totals of all
// accounts are checked for conservation.
#include "apps/billing_verify.hpp"

#include <map>

#include "actors/account/account_state.hpp"
#include "events/catalogue.hpp"
#include "events/json_fields.hpp"
#include "projections/catalogue.hpp"
#include "projections/facade/ledger_queries.hpp"
#include "projections/facade/queries.hpp"
#include "projections/facade/usage_queries.hpp"
#include "projections/ledger.hpp"
#include "projections/runner.hpp"

namespace sluice::apps {
namespace {

constexpr std::size_t read_chunk = 10'000;
constexpr std::size_t ledger_page_rows = 1000;
constexpr std::size_t keys_listed_max = 10'000;

struct replayed_account {
  std::uint64_t balance = 0;      ///< As the account folds it: a debit stops at zero.
  std::int64_t credits = 0;       ///< Purchases, operator credits, positive corrections.
  std::int64_t usage = 0;         ///< Metered bytes.
  std::int64_t removed = 0;       ///< Negative corrections.
  std::int64_t balance_minor = 0; ///< The money balance, as the account folds it.
  std::int64_t money_in = 0;      ///< BalanceCredited.
  std::int64_t money_out = 0;     ///< BalanceDebited.
  std::map<std::string, std::uint64_t> key_tally; ///< Since each key's last reset.
  std::string hash = projections::genesis_hash;
  std::vector<boost::json::object> entries; ///< The ledger the log gives, with hashes.
};

struct replay_totals {
  std::map<std::string, replayed_account> accounts;
  std::uint64_t events = 0;
};

std::string account_of_stream(const std::string& stream) {
  return stream.starts_with("account/") ? stream.substr(8) : std::string{};
}

void replay_event(replay_totals& t, const events::envelope& env, const events::any_event& e,
                  std::uint64_t max_grant, std::vector<std::string>& out) {
  const auto id = account_of_stream(env.stream);
  if (id.empty())
    return;
  auto& a = t.accounts[id];
  if (const auto* m = std::get_if<events::bytes_metered>(&e)) {
    const auto used = m->bytes_up + m->bytes_down;
    const auto where = "account " + id + ": (c) BytesMetered seq " + std::to_string(env.seq);
    if (used > max_grant) {
      out.push_back(where + " bills " + std::to_string(used) + " bytes, more than a grant ("
                    + std::to_string(max_grant) + ")");
    }
    if (used > a.balance) {
      out.push_back(where + " bills " + std::to_string(used) + " bytes with "
                    + std::to_string(a.balance) + " left: the balance would go below zero");
    }
    a.key_tally[m->key_id] += used;
  } else if (const auto* r = std::get_if<events::api_key_usage_reset>(&e)) {
    a.key_tally[r->key_id] = 0;
  }
  if (const auto* d = std::get_if<events::balance_debited>(&e);
      d && d->amount_minor > a.balance_minor) {
    out.push_back("account " + id + ": (c) BalanceDebited seq " + std::to_string(env.seq)
                  + " takes " + std::to_string(d->amount_minor) + " with "
                  + std::to_string(a.balance_minor) + " left: the balance would go below zero");
  }
  auto move = projections::ledger_move_of(env, e, a.balance, a.balance_minor);
  if (!move)
    return;
  if (move->money > 0)
    a.money_in += move->money;
  if (move->money < 0)
    a.money_out += -move->money;
  a.balance_minor = move->balance_minor_after;
  if (move->bytes >= 0) {
    a.credits += move->bytes;
  } else if (std::holds_alternative<events::bytes_metered>(e)) {
    a.usage += -move->bytes;
  } else {
    a.removed += -move->bytes;
  }
  a.balance = move->balance_after;
  a.hash = projections::chain_hash(a.hash, id, move->entry);
  move->entry["hash"] = a.hash;
  a.entries.push_back(std::move(move->entry));
}

result<replay_totals> replay_log(infra::event_log& log, std::uint64_t max_grant,
                                 std::vector<std::string>& out) {
  replay_totals t;
  std::uint64_t after = 0;
  for (;;) {
    auto chunk = log.read_after(after, read_chunk);
    if (!chunk)
      return chunk.error();
    for (const auto& env : *chunk) {
      after = env.seq;
      ++t.events;
      if (!env.stream.starts_with("account/"))
        continue;
      auto e = events::decode(env);
      if (!e) {
        out.push_back("event seq " + std::to_string(env.seq) + " (" + env.type
                      + ") does not decode");
        continue;
      }
      replay_event(t, env, *e, max_grant, out);
    }
    if (chunk->size() < read_chunk)
      return t;
  }
}

/// The account as its actor would load it: newest snapshot, then the stream after it.
result<actors::account_state> live_account(infra::event_log& log, const std::string& id) {
  const auto stream = "account/" + id;
  auto snap = log.load_snapshot(stream);
  if (!snap)
    return snap.error();
  actors::account_state state;
  if (*snap) {
    auto restored = actors::account_from_snapshot((*snap)->state);
    if (!restored)
      return restored.error();
    state = std::move(*restored);
  }
  auto tail = log.read_stream(stream, state.version + 1, static_cast<std::size_t>(-1));
  if (!tail)
    return tail.error();
  for (const auto& env : *tail) {
    auto e = events::decode(env);
    if (!e)
      return e.error();
    actors::evolve(state, *e, env.ts);
  }
  return state;
}

/// (f): the ledger read model, walked in order, re-hashed row by row from its own fields, and
/// compared entry by entry with the ledger the log's replay gives; then its head.
void check_chain(const projections::ledger_queries& ledger, const std::string& id,
                 const replayed_account& a, std::vector<std::string>& out) {
  const auto where = "account " + id + ": (f) ";
  std::string previous = projections::genesis_hash;
  std::size_t i = 0;
  projections::ledger_page_query q;
  q.account_id = id;
  q.limit = ledger_page_rows;
  for (;;) {
    auto page = ledger.page(q);
    if (!page) {
      out.push_back(where + "the ledger does not read: " + page.error().message());
      return;
    }
    for (const auto& row : page->entries) {
      std::string stored;
      std::uint64_t seq = 0;
      events::read_field(row, "seq", seq);
      const auto at = "entry " + std::to_string(i + 1) + " (seq " + std::to_string(seq) + ")";
      if (!events::read_field(row, "hash", stored)) {
        out.push_back(where + at + " has no hash");
        return;
      }
      if (projections::chain_hash(previous, id, row) != stored) {
        out.push_back(where + at
                      + ": its hash does not chain from the entry before it (an entry "
                        "was edited, dropped or reordered)");
        return;
      }
      if (i >= a.entries.size() || a.entries[i] != row) {
        out.push_back(where + at + " is not what the log's events give");
        return;
      }
      previous = stored;
      ++i;
    }
    if (!page->next_after)
      break;
    q.after_seq = *page->next_after;
  }
  if (i != a.entries.size()) {
    out.push_back(where + "the ledger holds " + std::to_string(i) + " entries, the log gives "
                  + std::to_string(a.entries.size()));
    return;
  }
  auto head = ledger.head(id);
  if (!head) {
    out.push_back(where + "the ledger's head does not read: " + head.error().message());
  } else if (!a.entries.empty()
             && (!*head || (*head)->hash != previous || (*head)->entries != i
                 || (*head)->last_seq != a.entries.back().at("seq").to_number<std::uint64_t>())) {
    out.push_back(where + "the ledger's head does not match its last entry");
  }
}

/// (d): each key's tally in the account's fold and in the key listing, against the replay.
void check_keys(const projections::queries& queries, const std::string& id,
                const replayed_account& a, const actors::account_state& live,
                std::vector<std::string>& out) {
  std::map<std::string, std::uint64_t> listed;
  auto keys = queries.keys_of_account(id, keys_listed_max);
  if (!keys) {
    out.push_back("account " + id
                  + ": (d) the key listing does not read: " + keys.error().message());
  } else {
    for (const auto& k : *keys)
      listed[k.key_id] = k.used_bytes;
  }
  std::map<std::string, std::uint64_t> expected = a.key_tally;
  for (const auto& [key_id, allowance] : live.keys)
    expected.try_emplace(key_id, 0);
  for (const auto& [key_id, used] : listed)
    expected.try_emplace(key_id, 0); // Listed, never metered: its tally must be 0.
  for (const auto& [key_id, tally] : expected) {
    const auto in_fold = actors::allowance_of(live, key_id).used_bytes;
    auto in_listing = listed.find(key_id);
    const bool listing_ok = in_listing == listed.end() || in_listing->second == tally;
    if (in_fold != tally || !listing_ok) {
      out.push_back("account " + id + ": (d) key " + (key_id.empty() ? "(none)" : key_id)
                    + ": tally " + std::to_string(in_fold) + " in the account, "
                    + (in_listing == listed.end() ? std::string{"not listed"}
                                                  : std::to_string(in_listing->second))
                    + " in the key listing; metered since its last reset: "
                    + std::to_string(tally));
    }
  }
}

/// Checks one account; returns its live balance (for (e)).
std::uint64_t check_account(infra::event_log& log, const projections::ledger_queries& ledger,
                            const projections::queries& queries, const std::string& id,
                            const replayed_account& a, std::vector<std::string>& out) {
  const auto where = "account " + id + ": ";
  const auto debits = a.usage + a.removed;
  if (a.credits - debits != static_cast<std::int64_t>(a.balance)) {
    out.push_back(where + "(a) balance " + std::to_string(a.balance) + " is not credits "
                  + std::to_string(a.credits) + " - debits " + std::to_string(debits));
  }
  auto live = live_account(log, id);
  if (!live) {
    out.push_back(where + "(b) the account does not load: " + live.error().message());
    return 0;
  }
  if (a.money_in - a.money_out != a.balance_minor) {
    out.push_back(where + "(a) money balance " + std::to_string(a.balance_minor)
                  + " is not credits " + std::to_string(a.money_in) + " - debits "
                  + std::to_string(a.money_out));
  }
  std::uint64_t in_ledger = 0;
  std::int64_t money_in_ledger = 0;
  if (auto head = ledger.head(id); head && *head) {
    in_ledger = (*head)->balance_bytes;
    money_in_ledger = (*head)->balance_minor;
  } else if (!head) {
    out.push_back(where + "(b) the ledger head does not read: " + head.error().message());
  }
  if (live->traffic_bytes != a.balance || in_ledger != a.balance) {
    out.push_back(where + "(b) balances disagree: live " + std::to_string(live->traffic_bytes)
                  + ", ledger " + std::to_string(in_ledger) + ", replayed "
                  + std::to_string(a.balance));
  }
  if (live->balance_minor != a.balance_minor || money_in_ledger != a.balance_minor) {
    out.push_back(where + "(b) money balances disagree: live " + std::to_string(live->balance_minor)
                  + ", ledger " + std::to_string(money_in_ledger) + ", replayed "
                  + std::to_string(a.balance_minor));
  }
  check_keys(queries, id, a, *live, out);
  check_chain(ledger, id, a, out);
  return live->traffic_bytes;
}

/// Every byte metered, as the per-node usage read model sums it: a source apart from the replay.
result<std::int64_t> metered_total(const infra::projection_store& store) {
  const projections::usage_queries usage(store);
  auto nodes = usage.by_node(events::timestamp{}, events::timestamp{std::chrono::years{8000}});
  if (!nodes)
    return nodes.error();
  std::int64_t total = 0;
  for (const auto& n : *nodes)
    total += static_cast<std::int64_t>(n.bytes_up + n.bytes_down);
  return total;
}

} // namespace

result<verify_report> verify_billing(infra::storage& storage, std::uint64_t max_grant_bytes) {
  verify_report report;
  auto& log = storage.log();
  auto& live = storage.projections(infra::projection_space::live);
  projections::runner runner(log, live, projections::make_all());
  if (auto end = runner.catch_up(); !end) {
    report.violations.push_back("the read models cannot apply the log: " + end.error().message()
                                + " (run `sluice replay`)");
  }
  auto replayed = replay_log(log, max_grant_bytes, report.violations);
  if (!replayed)
    return replayed.error();
  report.events = replayed->events;
  const projections::ledger_queries ledger(live);
  const projections::queries queries(live);
  // (e) from three sources: what was sold and corrected away from the log's events, what is
  // held from the accounts' live balances, what was consumed from the usage read model.
  std::int64_t sold = 0;
  std::int64_t removed = 0;
  std::uint64_t held = 0;
  for (const auto& [id, a] : replayed->accounts) {
    ++report.accounts;
    sold += a.credits;
    removed += a.removed;
    held += check_account(log, ledger, queries, id, a, report.violations);
  }
  auto consumed = metered_total(live);
  if (!consumed) {
    report.violations.push_back("(e) the usage read model does not read: "
                                + consumed.error().message());
  } else if (sold != static_cast<std::int64_t>(held) + *consumed + removed) {
    report.violations.push_back("(e) traffic sold " + std::to_string(sold) + " is not held "
                                + std::to_string(held) + " + consumed " + std::to_string(*consumed)
                                + " + corrected away " + std::to_string(removed));
  }
  if (auto ledgers = ledger.accounts()) {
    for (const auto& id : *ledgers) {
      if (!replayed->accounts.contains(id))
        report.violations.push_back("account " + id + ": (f) a ledger the log never made");
    }
  }
  return report;
}

} // namespace sluice::apps
