// Decoding of the exit_nodes read model's rows.
#include <boost/json.hpp>

#include "events/json_fields.hpp"
#include "projections/exit_nodes.hpp"
#include "projections/facade/queries.hpp"

namespace sluice::projections {
namespace {

/// A string, or null for none; false for anything else.
bool read_optional(const boost::json::object& o, std::string_view key,
                   std::optional<std::string>& out) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null())
    return true;
  if (!v->is_string())
    return false;
  out = std::string(v->as_string());
  return true;
}

result<exit_node_entry> parse_exit_node(std::string_view value) {
  boost::system::error_code ec;
  auto v = boost::json::parse(value, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  const auto& o = v.as_object();
  exit_node_entry e;
  using events::read_field;
  if (!read_field(o, "node", e.node) || !read_field(o, "country", e.country)
      || !read_field(o, "kind", e.kind) || !read_field(o, "services", e.services)
      || !read_field(o, "status", e.status) || !read_field(o, "updated_at", e.updated_at)
      || !read_optional(o, "down_until", e.down_until)
      || !read_optional(o, "down_reason", e.down_reason)
      || !read_optional(o, "registered_at", e.registered_at)) {
    return errc::corrupt_data;
  }
  return e;
}

} // namespace

result<std::vector<exit_node_entry>> queries::exit_nodes() const {
  // As many rows as the configuration ever named nodes.
  constexpr std::size_t nodes_max = 1'000'000;
  auto rows = store_.scan(exit_nodes::prefix(), {}, nodes_max);
  if (!rows)
    return rows.error();
  std::vector<exit_node_entry> out;
  for (const auto& [key, value] : *rows) {
    auto e = parse_exit_node(value);
    if (!e)
      return e.error();
    out.push_back(std::move(*e));
  }
  return out;
}

} // namespace sluice::projections
