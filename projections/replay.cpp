// Replay runs the same projection set twice: once to bring the live space to the log's end, once
// from nothing into the replay space.
#include "projections/replay.hpp"

#include "projections/catalogue.hpp"
#include "projections/runner.hpp"

namespace sluice::projections {

result<replay_report> replay(infra::storage& storage, bool repair) {
  auto& log = storage.log();
  runner live(log, storage.projections(infra::projection_space::live), make_all());
  // A live model that cannot even apply the log (a corrupted row) is compared as it stands.
  auto live_end = live.catch_up();
  if (!live_end && !repair)
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
  replay_report report{log.last_seq(), std::move(*comparison)};
  if (repair && !report.comparison.equal) {
    if (auto promoted = storage.promote_replay_space(); !promoted)
      return promoted.error();
    report.repaired = true;
  }
  return report;
}

} // namespace sluice::projections
