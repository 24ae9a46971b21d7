// Decoding of the exit_nodes read model's rows.
#include "events/record_codec.hpp"
#include "projections/exit_nodes.hpp"
#include "projections/facade/queries.hpp"

namespace sluice::projections {
namespace {

result<exit_node_entry> parse_exit_node(std::string_view value) {
  auto row = events::decode_record<exit_node_row>(value);
  if (!row)
    return row.error();
  return exit_node_entry{std::move(row->node),        std::move(row->country),
                         std::move(row->kind),        std::move(row->services),
                         std::move(row->status),      std::move(row->down_until),
                         std::move(row->down_reason), std::move(row->registered_at),
                         std::move(row->updated_at)};
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
