// The bridge actor runs jobs that Asio threads send it; it holds no state of its own.
#include "actors/runtime/bridge.hpp"

namespace sluice::actors {

caf::behavior bridge_actor::make_behavior() {
  return {[this](const actor_job& job) { job(this); }};
}

} // namespace sluice::actors
