// The lease book fold and its snapshot codec.
#include "actors/lease/lease_book_state.hpp"

#include <algorithm>

#include "events/record_codec.hpp"

namespace sluice::actors {

const lease_record* lease_book_state::find(std::uint64_t proxy_id) const {
  auto i = std::find_if(leases.begin(), leases.end(),
                        [&](const lease_record& l) { return l.proxy_id == proxy_id; });
  return i == leases.end() ? nullptr : &*i;
}

const lease_record* lease_book_state::find_order(std::uint64_t order_id) const {
  auto i = std::find_if(leases.begin(), leases.end(),
                        [&](const lease_record& l) { return l.order_id == order_id; });
  return i == leases.end() ? nullptr : &*i;
}

lease_record* lease_book_state::find_mutable(std::uint64_t proxy_id) {
  auto i = std::find_if(leases.begin(), leases.end(),
                        [&](const lease_record& l) { return l.proxy_id == proxy_id; });
  return i == leases.end() ? nullptr : &*i;
}

void evolve(lease_book_state& state, const events::any_event& event, events::timestamp ts) {
  ++state.version;
  if (const auto* p = std::get_if<events::proxy_provisioned>(&event)) {
    lease_record r;
    r.proxy_id = p->proxy_id;
    r.order_id = p->order_id;
    r.account_id = p->account_id;
    r.product_id = p->product_id;
    r.name = p->name;
    r.connection_type = p->connection_type;
    r.max_leases = p->max_leases;
    r.location = p->location;
    r.node = p->node;
    r.host = p->host;
    r.port = p->port;
    r.username = p->username;
    r.password_sealed = p->password_sealed;
    r.created_at = ts;
    r.expires_at = events::parse_timestamp(p->expires_at).value_or(ts);
    state.last_proxy_id = std::max(state.last_proxy_id, p->proxy_id);
    state.leases.push_back(std::move(r));
  } else if (const auto* d = std::get_if<events::proxy_disconnected>(&event)) {
    if (auto* l = state.find_mutable(d->proxy_id)) {
      l->status = "disconnected";
      l->node.clear();
      ++l->generation;
    }
  } else if (const auto* c = std::get_if<events::proxy_connected>(&event)) {
    if (auto* l = state.find_mutable(c->proxy_id)) {
      l->status = "active";
      l->location = c->location;
      l->node = c->node;
      l->host = c->host;
      l->username = c->username;
      l->password_sealed = c->password_sealed;
      ++l->generation;
    }
  } else if (const auto* r = std::get_if<events::proxy_reset>(&event)) {
    if (auto* l = state.find_mutable(r->proxy_id)) {
      l->node = r->node;
      if (r->mode == "hard")
        ++l->generation;
    }
  } else if (const auto* m = std::get_if<events::lease_bytes_metered>(&event)) {
    if (auto* l = state.find_mutable(m->proxy_id))
      l->traffic_bytes += m->bytes;
  } else if (const auto* f = std::get_if<events::proxy_fingerprint_set>(&event)) {
    if (auto* l = state.find_mutable(f->proxy_id))
      l->fingerprint = f->fingerprint;
  } else if (const auto* e = std::get_if<events::proxy_expired>(&event)) {
    std::erase_if(state.leases, [&](const lease_record& l) { return l.proxy_id == e->proxy_id; });
  }
}

proxy_view view(const lease_record& l, std::string password) {
  proxy_view v;
  v.proxy_id = l.proxy_id;
  v.order_id = l.order_id;
  v.account_id = l.account_id;
  v.product_id = l.product_id;
  v.name = l.name;
  v.connection_type = l.connection_type;
  v.location = l.location;
  v.node = l.node;
  v.host = l.host;
  v.port = static_cast<std::uint16_t>(l.port);
  v.username = l.username;
  v.password = std::move(password);
  v.status = l.status;
  v.fingerprint = l.fingerprint;
  v.traffic_bytes = l.traffic_bytes;
  v.created_at = l.created_at;
  v.expires_at = l.expires_at;
  return v;
}

std::string to_snapshot(const lease_book_state& s) {
  return events::encode_record(s);
}

result<lease_book_state> lease_book_from_snapshot(std::string_view text) {
  return events::decode_record<lease_book_state>(text);
}

} // namespace sluice::actors
