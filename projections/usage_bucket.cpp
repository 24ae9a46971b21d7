// One read and one write per bucket and event, in the projection's batch.
#include "projections/usage_bucket.hpp"

#include <boost/json.hpp>

#include "events/json_fields.hpp"

namespace sluice::projections {

status add_to_bucket(infra::projection_tx& tx, const std::string& key, std::uint64_t up,
                     std::uint64_t down) {
  std::uint64_t stored_up = 0;
  std::uint64_t stored_down = 0;
  auto stored = tx.get(key);
  if (!stored)
    return stored.error();
  if (*stored) {
    boost::system::error_code ec;
    auto v = boost::json::parse(**stored, ec);
    if (ec || !v.is_object() || !events::read_field(v.as_object(), "up", stored_up)
        || !events::read_field(v.as_object(), "down", stored_down)) {
      return errc::corrupt_data;
    }
  }
  tx.put(key, boost::json::serialize(
                boost::json::object{{"up", stored_up + up}, {"down", stored_down + down}}));
  return {};
}

} // namespace sluice::projections
