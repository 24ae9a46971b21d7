// Hour buckets per node, the same hours as the per-account usage model.
#include "projections/usage_by_node.hpp"

#include <boost/json.hpp>

#include "events/catalogue.hpp"
#include "events/json_fields.hpp"
#include "projections/usage.hpp"
#include "projections/usage_bucket.hpp"

namespace sluice::projections {

std::string usage_by_node::hour_prefix(std::string_view hour) {
  return std::string{projection_name} + "/" + std::string{hour} + "/";
}

std::string usage_by_node::bucket_key(std::string_view hour, std::string_view node) {
  return hour_prefix(hour) + std::string{node};
}

status usage_by_node::apply(const events::envelope& event, infra::projection_tx& tx) {
  if (event.type != events::bytes_metered::type)
    return {};
  auto decoded = events::decode(event);
  if (!decoded)
    return decoded.error();
  const auto& m = std::get<events::bytes_metered>(*decoded);
  // Usage without a node (written by other tools) is kept apart, not lost.
  const auto key = bucket_key(usage::hour_key(event.ts), m.node.empty() ? "(none)" : m.node);
  return add_to_bucket(tx, key, m.bytes_up, m.bytes_down);
}

} // namespace sluice::projections
