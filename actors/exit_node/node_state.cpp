// The exit-node fold and its snapshot codec.
#include "actors/exit_node/node_state.hpp"

#include <boost/json.hpp>

#include "events/json_fields.hpp"

namespace sluice::actors {

void evolve(node_state& state, const events::any_event& event, events::timestamp /*ts*/) {
  ++state.version;
  if (const auto* r = std::get_if<events::node_registered>(&event)) {
    state.node = r->node;
    state.country = r->country;
    state.kind = r->kind;
    state.services = r->services;
    state.retired = false;
  } else if (const auto* d = std::get_if<events::node_down>(&event)) {
    // An unreadable `until` cannot come from this build; read as a cool-down already over.
    state.down_until
      = events::parse_timestamp(d->until).value_or(events::timestamp{std::chrono::milliseconds{1}});
    state.down_reason = d->reason;
    ++state.downs;
  } else if (std::holds_alternative<events::node_up>(event)) {
    state.down_until = {};
    state.down_reason.clear();
    state.downs = 0;
  } else if (std::holds_alternative<events::node_retired>(event)) {
    state.retired = true;
  }
}

std::string to_snapshot(const node_state& s) {
  boost::json::array services;
  for (const auto& tag : s.services)
    services.emplace_back(tag);
  return boost::json::serialize(
    boost::json::object{{"node", s.node},
                        {"country", s.country},
                        {"kind", s.kind},
                        {"services", std::move(services)},
                        {"retired", s.retired},
                        {"down_until", events::format_timestamp(s.down_until)},
                        {"down_reason", s.down_reason},
                        {"downs", s.downs},
                        {"version", s.version}});
}

result<node_state> node_from_snapshot(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  const auto& o = v.as_object();
  node_state s;
  std::string down_until;
  using events::read_field;
  const bool ok = read_field(o, "node", s.node) && read_field(o, "country", s.country)
                  && read_field(o, "kind", s.kind) && read_field(o, "services", s.services)
                  && read_field(o, "retired", s.retired) && read_field(o, "down_until", down_until)
                  && read_field(o, "down_reason", s.down_reason) && read_field(o, "downs", s.downs)
                  && read_field(o, "version", s.version);
  auto until = events::parse_timestamp(down_until);
  if (!ok || !until)
    return errc::corrupt_data;
  s.down_until = *until;
  return s;
}

std::string node_stream(const std::string& node_id) {
  return "node/" + node_id;
}

} // namespace sluice::actors
