// Waiting happens in the log (wait_for_seq), so an idle tailer costs no polling.
#include "actors/reactors/log_tailer.hpp"

#include "actors/runtime/messages.hpp"

namespace sluice::actors {
namespace {

constexpr std::chrono::milliseconds wait_max{250};

} // namespace

caf::behavior log_tailer(caf::event_based_actor*, infra::event_log* log) {
  return {
    [log](tail_atom, std::uint64_t after_seq) {
      log_batch out;
      if (log->wait_for_seq(after_seq, wait_max) <= after_seq)
        return out;
      auto events = log->read_after(after_seq, log_tailer_batch_events);
      if (events) {
        out.events = std::move(*events);
      } else {
        out.error = events.error();
      }
      return out;
    },
  };
}

} // namespace sluice::actors
