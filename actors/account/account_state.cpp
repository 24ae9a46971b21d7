// The account fold and its snapshot codec.
#include "actors/account/account_state.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "events/record_codec.hpp"

namespace sluice::actors {

namespace {

void arm_balance_events(account_state& state) {
  state.low_armed = state.low_armed || state.traffic_bytes >= balance_low_bytes;
  state.empty_armed = state.empty_armed || state.traffic_bytes > 0;
}

} // namespace

void evolve(account_state& state, const events::any_event& event, events::timestamp ts) {
  ++state.version;
  if (const auto* e = std::get_if<events::account_created>(&event)) {
    state.account_id = e->account_id;
    state.email = e->email;
    state.password_hash = e->password_hash;
    state.kind = e->kind;
    state.created_at = ts;
  } else if (const auto* c = std::get_if<events::wallet_credited>(&event)) {
    // money_minor is what the bytes were worth, for the ledger: it moves no money balance.
    state.traffic_bytes += c->traffic_bytes;
    state.credit_references.insert(c->reference);
    arm_balance_events(state);
  } else if (const auto* p = std::get_if<events::traffic_purchased>(&event)) {
    state.traffic_bytes += p->traffic_bytes;
    state.credit_references.insert(purchase_reference(p->checkout_id));
    arm_balance_events(state);
  } else if (const auto* a = std::get_if<events::wallet_adjusted>(&event)) {
    if (a->bytes >= 0) {
      state.traffic_bytes += static_cast<std::uint64_t>(a->bytes);
    } else {
      state.traffic_bytes -= std::min(state.traffic_bytes, static_cast<std::uint64_t>(-a->bytes));
    }
    state.credit_references.insert(a->reference);
    arm_balance_events(state);
  } else if (const auto* bc = std::get_if<events::balance_credited>(&event)) {
    state.balance_minor += bc->amount_minor;
    state.credit_references.insert(bc->reference);
  } else if (const auto* bd = std::get_if<events::balance_debited>(&event)) {
    // The account never writes a debit the balance cannot cover; a foreign writer's overdraft
    // stops at zero and `sluice verify` reports it.
    state.balance_minor -= std::min(state.balance_minor, bd->amount_minor);
    state.debit_references.insert(bd->reference);
  } else if (const auto* m = std::get_if<events::bytes_metered>(&event)) {
    // The gateway only relays granted bytes, so this never saturates (DESIGN.md §4); if a
    // foreign writer overdraws, the wallet stays at zero and `sluice verify` reports it.
    const auto used = m->bytes_up + m->bytes_down;
    state.traffic_bytes -= std::min(state.traffic_bytes, used);
    state.keys[m->key_id].used_bytes += used;
  } else if (const auto* k = std::get_if<events::primary_key_assigned>(&event)) {
    state.primary_key_id = k->key_id;
  } else if (std::holds_alternative<events::balance_low>(event)) {
    state.low_armed = false;
  } else if (std::holds_alternative<events::balance_empty>(event)) {
    state.empty_armed = false;
  } else if (const auto* b = std::get_if<events::exit_node_blacklisted>(&event)) {
    state.blacklisted_nodes.insert(b->node);
  } else if (const auto* q = std::get_if<events::api_key_quota_set>(&event)) {
    state.keys[q->key_id].quota_bytes = q->quota_bytes;
  } else if (const auto* r = std::get_if<events::api_key_usage_reset>(&event)) {
    state.keys[r->key_id].used_bytes = 0;
  }
  // Other types (including unknown ones from newer builds) only move the version.
}

account_view view(const account_state& s) {
  return {s.account_id, s.email,   s.password_hash,    s.kind, s.traffic_bytes, s.balance_minor,
          s.created_at, s.version, s.blacklisted_nodes};
}

key_allowance allowance_of(const account_state& state, const std::string& key_id) {
  auto it = state.keys.find(key_id);
  return it == state.keys.end() ? key_allowance{} : it->second;
}

std::string to_snapshot(const account_state& s) {
  return events::encode_record(s);
}

result<account_state> account_from_snapshot(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  auto s = events::record_from_json<account_state>(v.as_object());
  if (s && !v.as_object().contains("low_armed"))
    arm_balance_events(*s); // Written before balance events existed: arm from the balance.
  return s;
}

} // namespace sluice::actors
