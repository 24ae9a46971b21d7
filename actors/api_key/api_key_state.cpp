// The API-key fold and its snapshot codec.
#include "actors/api_key/api_key_state.hpp"

#include <boost/json.hpp>

#include "events/json_fields.hpp"

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
    s.created_at = ts;
  } else if (std::holds_alternative<events::api_key_revoked>(event)) {
    s.revoked = true;
  }
}

api_key_view view(const api_key_state& s) {
  return {s.key_id, s.account_id, s.family,    s.label, s.prefix, std::nullopt,
          0,        s.revoked,    s.created_at};
}

std::string to_snapshot(const api_key_state& s) {
  boost::json::object o{{"key_id", s.key_id},
                        {"account_id", s.account_id},
                        {"family", s.family},
                        {"label", s.label},
                        {"prefix", s.prefix},
                        {"secret_sha256", s.secret_sha256},
                        {"secret_sealed", s.secret_sealed},
                        {"revoked", s.revoked},
                        {"created_at", events::format_timestamp(s.created_at)},
                        {"version", s.version}};
  return boost::json::serialize(o);
}

result<api_key_state> api_key_from_snapshot(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  const auto& o = v.as_object();
  api_key_state s;
  std::string created;
  using events::read_field;
  const bool ok = read_field(o, "key_id", s.key_id) && read_field(o, "account_id", s.account_id)
                  && read_field(o, "family", s.family) && read_field(o, "label", s.label)
                  && read_field(o, "prefix", s.prefix)
                  && read_field(o, "secret_sha256", s.secret_sha256)
                  && read_field(o, "secret_sealed", s.secret_sealed)
                  && read_field(o, "revoked", s.revoked) && read_field(o, "created_at", created)
                  && read_field(o, "version", s.version);
  auto ts = events::parse_timestamp(created);
  if (!ok || !ts)
    return errc::corrupt_data;
  s.created_at = *ts;
  return s;
}

} // namespace sluice::actors
