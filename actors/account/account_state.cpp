// The account fold and its snapshot codec.
#include "actors/account/account_state.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "events/json_fields.hpp"

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
    state.traffic_bytes += c->traffic_bytes;
    state.money_minor += c->money_minor;
    if (!c->reference.empty())
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
    if (!a->reference.empty())
      state.credit_references.insert(a->reference);
    arm_balance_events(state);
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
  return {s.account_id, s.email,   s.password_hash,    s.kind, s.traffic_bytes, s.money_minor,
          s.created_at, s.version, s.blacklisted_nodes};
}

key_allowance allowance_of(const account_state& state, const std::string& key_id) {
  auto it = state.keys.find(key_id);
  return it == state.keys.end() ? key_allowance{} : it->second;
}

namespace {

boost::json::object keys_json(const std::map<std::string, key_allowance>& keys) {
  boost::json::object out;
  for (const auto& [id, k] : keys) {
    boost::json::object entry{{"used_bytes", k.used_bytes}};
    entry["quota_bytes"] = k.quota_bytes ? boost::json::value(*k.quota_bytes) : nullptr;
    out[id] = std::move(entry);
  }
  return out;
}

bool read_keys(const boost::json::object& o, std::map<std::string, key_allowance>& keys) {
  const auto* v = o.if_contains("keys");
  if (v == nullptr)
    return true; // Written before key caps lived in the account.
  if (!v->is_object())
    return false;
  for (const auto& [id, entry] : v->as_object()) {
    if (!entry.is_object())
      return false;
    key_allowance k;
    if (!events::read_field(entry.as_object(), "used_bytes", k.used_bytes)
        || !events::read_field(entry.as_object(), "quota_bytes", k.quota_bytes)) {
      return false;
    }
    keys.emplace(std::string(id), k);
  }
  return true;
}

} // namespace

std::string to_snapshot(const account_state& s) {
  boost::json::array refs;
  for (const auto& r : s.credit_references)
    refs.emplace_back(r);
  boost::json::array blacklisted;
  for (const auto& n : s.blacklisted_nodes)
    blacklisted.emplace_back(n);
  return boost::json::serialize(
    boost::json::object{{"account_id", s.account_id},
                        {"email", s.email},
                        {"password_hash", s.password_hash},
                        {"kind", s.kind},
                        {"traffic_bytes", s.traffic_bytes},
                        {"money_minor", s.money_minor},
                        {"created_at", events::format_timestamp(s.created_at)},
                        {"primary_key_id", s.primary_key_id},
                        {"credit_references", std::move(refs)},
                        {"low_armed", s.low_armed},
                        {"empty_armed", s.empty_armed},
                        {"blacklisted_nodes", std::move(blacklisted)},
                        {"keys", keys_json(s.keys)},
                        {"version", s.version}});
}

result<account_state> account_from_snapshot(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  const auto& o = v.as_object();
  account_state s;
  std::string created;
  std::vector<std::string> refs;
  std::vector<std::string> blacklisted;
  using events::read_field;
  const bool ok
    = read_field(o, "account_id", s.account_id) && read_field(o, "email", s.email)
      && read_field(o, "password_hash", s.password_hash) && read_field(o, "kind", s.kind)
      && read_field(o, "created_at", created) && read_field(o, "traffic_bytes", s.traffic_bytes)
      && read_field(o, "money_minor", s.money_minor)
      && read_field(o, "version", s.version)
      // Absent in snapshots written before primary keys existed.
      && (!o.contains("primary_key_id") || read_field(o, "primary_key_id", s.primary_key_id))
      && read_field(o, "credit_references", refs)
      // Absent in snapshots written before the gateway existed.
      && (!o.contains("low_armed") || read_field(o, "low_armed", s.low_armed))
      && (!o.contains("empty_armed") || read_field(o, "empty_armed", s.empty_armed))
      && (!o.contains("blacklisted_nodes") || read_field(o, "blacklisted_nodes", blacklisted))
      && read_keys(o, s.keys);
  auto ts = events::parse_timestamp(created);
  if (!ok || !ts)
    return errc::corrupt_data;
  s.created_at = *ts;
  s.credit_references.insert(refs.begin(), refs.end());
  s.blacklisted_nodes.insert(blacklisted.begin(), blacklisted.end());
  if (!o.contains("low_armed"))
    arm_balance_events(s); // Written before balance events existed: arm from the balance.
  return s;
}

} // namespace sluice::actors
