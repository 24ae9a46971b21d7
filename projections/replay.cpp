// Replay runs the same projection set twice: once to bring the live space to the log's end, once
// from nothing into the replay space.
#include "projections/replay.hpp"

#include "projections/catalogue.hpp"
#include "projections/runner.hpp"

namespace sluice::projections {

result<replay_report> replay(infra::storage& storage) {
  auto& log = storage.log();
  runner live(log, storage.projections(infra::projection_space::live), make_all());
  auto live_end = live.catch_up();
  if (!live_end)
    return live_end.error();
  if (auto reset = storage.reset_replay_space(); !reset)
    return reset.error();
  runner rebuilt(log, storage.projections(infra::projection_space::replay), make_all());
  auto rebuilt_end = rebuilt.catch_up();
  if (!rebuilt_end)
    return rebuilt_end.error();
  auto comparison = storage.compare_spaces();
  if (!comparison)
    return comparison.error();
  return replay_report{log.last_seq(), std::move(*comparison)};
}

} // namespace sluice::projections
