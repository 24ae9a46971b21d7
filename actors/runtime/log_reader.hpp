// A detached actor (its own thread) for the blocking RocksDB calls actors need: loading a stream
// for recovery and saving snapshots. Keeps blocking I/O off the scheduler (primer §8.2).
#pragma once

#include "caf/all.hpp"
#include "infra/event_log.hpp"

namespace sluice::actors {

/// (load_atom, stream) -> loaded_stream; (save_atom, stream, snapshot) -> nothing.
caf::behavior log_reader(caf::event_based_actor* self, infra::event_log* log);

} // namespace sluice::actors
