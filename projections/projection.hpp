// A read model: folds events, in log order, into key-value state. It sends nothing and reads
// nothing but its own state, so rebuilding it (`sluice replay`) has no side effects.
#pragma once

#include <string_view>

#include "events/base/result.hpp"
#include "events/envelope.hpp"
#include "infra/projection_store.hpp"

namespace sluice::projections {

class projection {
public:
  virtual ~projection() = default;
  /// Stable name: the checkpoint key and the prefix of every key this projection writes.
  virtual std::string_view name() const = 0;
  /// Folds one event. Events of types it does not care about are ignored. An error (corrupt
  /// data, I/O) stops the runner: a read model never skips an event.
  virtual status apply(const events::envelope& event, infra::projection_tx& tx) = 0;
};

} // namespace sluice::projections
