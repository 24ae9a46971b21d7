// `sluice replay`: catch the live projections up, rebuild every projection from sequence 0 into
// the fresh replay space, and compare the two key by key.
#pragma once

#include "events/base/result.hpp"
#include "infra/storage.hpp"

namespace sluice::projections {

struct replay_report {
  std::uint64_t events = 0; ///< Log length replayed.
  infra::space_comparison comparison;
  bool repaired = false; ///< The live read models differed and were replaced by the rebuild.
};

/// Needs storage opened read_write (the server stopped). With `repair`, live read models that
/// differ from the rebuild are replaced by it (the log is the truth; a read model only folds it).
result<replay_report> replay(infra::storage& storage, bool repair);

} // namespace sluice::projections
