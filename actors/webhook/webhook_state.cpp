// The webhook fold and its snapshot codec.
#include "actors/webhook/webhook_state.hpp"

#include <boost/json.hpp>

#include "events/json_fields.hpp"

namespace sluice::actors {

void evolve(webhook_state& state, const events::any_event& event, events::timestamp ts) {
  ++state.version;
  if (const auto* r = std::get_if<events::webhook_registered>(&event)) {
    state.webhook_id = r->webhook_id;
    state.account_id = r->account_id;
    state.url = r->url;
    state.events = r->events;
    state.secret_sealed = r->secret_sealed;
    state.created_at = ts;
  } else if (std::holds_alternative<events::webhook_deleted>(event)) {
    state.deleted = true;
  } else if (std::holds_alternative<events::webhook_disabled>(event)) {
    state.disabled = true;
  }
}

webhook_view view(const webhook_state& s) {
  return {s.webhook_id, s.account_id, s.url, s.events, s.deleted, s.created_at};
}

std::string to_snapshot(const webhook_state& s) {
  boost::json::array names;
  for (const auto& e : s.events)
    names.emplace_back(e);
  return boost::json::serialize(
    boost::json::object{{"webhook_id", s.webhook_id},
                        {"account_id", s.account_id},
                        {"url", s.url},
                        {"events", std::move(names)},
                        {"secret_sealed", s.secret_sealed},
                        {"deleted", s.deleted},
                        {"disabled", s.disabled},
                        {"created_at", events::format_timestamp(s.created_at)},
                        {"version", s.version}});
}

result<webhook_state> webhook_from_snapshot(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  const auto& o = v.as_object();
  webhook_state s;
  std::string created;
  using events::read_field;
  const bool ok = read_field(o, "webhook_id", s.webhook_id)
                  && read_field(o, "account_id", s.account_id) && read_field(o, "url", s.url)
                  && read_field(o, "events", s.events)
                  && read_field(o, "secret_sealed", s.secret_sealed)
                  && read_field(o, "deleted", s.deleted) && read_field(o, "created_at", created)
                  && read_field(o, "version", s.version);
  read_field(o, "disabled", s.disabled); // Absent in snapshots written before it existed.
  auto ts = events::parse_timestamp(created);
  if (!ok || !ts)
    return errc::corrupt_data;
  s.created_at = *ts;
  return s;
}

} // namespace sluice::actors
