// The byte counters the usage read models keep per bucket: {"up","down"}, added to in place.
#pragma once

#include <cstdint>
#include <string>

#include "infra/projection_store.hpp"

namespace sluice::projections {

/// Adds `up` and `down` to the counters under `key` (0 if new). errc::corrupt_data if the stored
/// value is not a bucket.
status add_to_bucket(infra::projection_tx& tx, const std::string& key, std::uint64_t up,
                     std::uint64_t down);

} // namespace sluice::projections
