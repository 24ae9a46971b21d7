// The bridge actor runs jobs that Asio threads send it; it holds no state of its own.
#include "actors/runtime/bridge.hpp"

namespace sluice::actors {

caf::behavior bridge(caf::event_based_actor* self) {
  return {[self](const actor_job& job) { job(self); }};
}

} // namespace sluice::actors
