// A detached actor (its own thread) that follows the log for one reactor: each request waits a
// little for events after a sequence and answers what it found, so the reactor never blocks.
#pragma once

#include <cstddef>

#include "caf/all.hpp"
#include "infra/event_log.hpp"

namespace sluice::actors {

/// The most events one answer holds; fewer means the tailer reached the end of the log.
inline constexpr std::size_t log_tailer_batch_events = 1000;

/// (tail_atom, after_seq) -> log_batch: up to 1000 events after `after_seq`, waiting at most a
/// quarter second for the first one (an empty batch then).
caf::behavior log_tailer(caf::event_based_actor* self, infra::event_log* log);

} // namespace sluice::actors
