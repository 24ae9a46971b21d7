// Positions of the log's consumers that are not read models (the Kafka publisher, reactors):
// "everything up to seq N is done". Kept apart from the projection checkpoints so that
// `sluice replay`, which compares read models, never sees them.
#pragma once

#include <cstdint>
#include <string_view>

#include "events/base/result.hpp"

namespace sluice::infra {

class cursor_store {
public:
  virtual ~cursor_store() = default;
  /// 0 if the cursor was never saved.
  virtual result<std::uint64_t> load(std::string_view name) const = 0;
  /// Not synced: losing the newest save only makes the consumer redo some work (at least once).
  virtual status save(std::string_view name, std::uint64_t seq) = 0;
};

} // namespace sluice::infra
