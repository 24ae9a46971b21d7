// The API-key fold and its snapshot codec.
#include "actors/api_key/api_key_state.hpp"

#include <boost/json.hpp>

#include "events/record_codec.hpp"

namespace sluice::actors {

void evolve(api_key_state& s, const events::any_event& event, events::timestamp ts) {
  ++s.version;
  if (const auto* m = std::get_if<events::api_key_minted>(&event)) {
    s.key_id = m->key_id;
    s.account_id = m->account_id;
    s.family = m->family;
    s.label = m->label;
    s.prefix = m->prefix;
    s.secret_sha256 = m->secret_sha256;
    s.secret_sealed = m->secret_sealed;
    s.serial = m->serial;
    s.created_at = ts;
  } else if (std::holds_alternative<events::api_key_revoked>(event)) {
    s.revoked = true;
  }
}

api_key_view view(const api_key_state& s) {
  api_key_view v;
  v.key_id = s.key_id;
  v.account_id = s.account_id;
  v.family = s.family;
  v.label = s.label;
  v.prefix = s.prefix;
  v.serial = s.serial;
  v.revoked = s.revoked;
  v.created_at = s.created_at;
  return v;
}

std::string to_snapshot(const api_key_state& s) {
  return events::encode_record(s);
}

result<api_key_state> api_key_from_snapshot(std::string_view text) {
  return events::decode_record<api_key_state>(text);
}

} // namespace sluice::actors
