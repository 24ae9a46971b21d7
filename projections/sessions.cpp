// Fold of session bindings and their traffic. A released session keeps its row (node empty) so
// its byte count survives a later rebinding; the listing shows bound sessions only.
#include "projections/sessions.hpp"

#include "events/catalogue.hpp"
#include "events/record_codec.hpp"
#include "projections/session_release.hpp"

namespace sluice::projections {
namespace {

result<std::optional<session_row>> load(infra::projection_tx& tx, const std::string& key) {
  auto text = tx.get(key);
  if (!text)
    return text.error();
  if (!*text)
    return std::optional<session_row>{};
  auto r = events::decode_record<session_row>(**text);
  if (!r)
    return r.error();
  return std::optional<session_row>{std::move(*r)};
}

/// Applies `change` to the row of (account, session, country); `create` makes a missing one.
template <class Change>
status update(infra::projection_tx& tx, const std::string& account, const std::string& session,
              const std::string& country, bool create, Change change) {
  const auto key = sessions::listing_key(account, session, country);
  auto existing = load(tx, key);
  if (!existing)
    return existing.error();
  if (!*existing && !create)
    return {};
  auto r = existing->value_or(session_row{});
  r.session = session;
  r.country = country;
  change(r);
  tx.put(key, events::encode_record(r));
  return {};
}

} // namespace

std::string sessions::listing_prefix(std::string_view account_id) {
  return std::string{projection_name} + "/" + std::string{account_id} + "/";
}

std::string sessions::listing_key(std::string_view account_id, std::string_view session,
                                  std::string_view country) {
  return listing_prefix(account_id) + std::string{session} + "/" + std::string{country};
}

status sessions::apply(const events::envelope& event, infra::projection_tx& tx) {
  const auto& t = event.type;
  if (t != events::session_bound::type && t != events::session_rotated::type
      && t != events::session_discarded::type && t != events::session_expired::type
      && t != events::session_active::type && t != events::bytes_metered::type) {
    return {};
  }
  auto decoded = events::decode(event);
  if (!decoded)
    return decoded.error();
  const auto ts = events::format_timestamp(event.ts);
  if (const auto* b = std::get_if<events::session_bound>(&*decoded)) {
    return update(tx, b->account, b->session, b->country, true, [&](session_row& r) {
      r.service = b->service;
      r.node = b->node;
      r.bound_at = ts;
      r.last_active_at = ts;
    });
  }
  if (const auto* m = std::get_if<events::bytes_metered>(&*decoded)) {
    // Usage of a session with no binding event (written by other tools) is not listed.
    return update(tx, m->account, m->session, m->country, false, [&](session_row& r) {
      r.bytes += m->bytes_up + m->bytes_down;
      r.last_active_at = ts;
    });
  }
  if (const auto* a = std::get_if<events::session_active>(&*decoded)) {
    // Use written late (when the session's actor retired) must not move the time back.
    return update(tx, a->account, a->session, a->country, false, [&](session_row& r) {
      const auto known = events::parse_timestamp(r.last_active_at);
      const auto at = events::parse_timestamp(a->active_at);
      if (at && (!known || *at > *known))
        r.last_active_at = a->active_at;
    });
  }
  if (const auto released = binding_released(*decoded)) {
    return update(tx, released->account, released->session, released->country, false,
                  [](session_row& r) { r.node.clear(); });
  }
  return {};
}

} // namespace sluice::projections
