// `sluice replay [--check]`: needs the data directory to itself, so it refuses plainly while serve
// runs. Read models that differ from the rebuild are replaced by it, unless --check.
#include <cstdio>

#include "apps/commands.hpp"
#include "apps/load_config.hpp"
#include "apps/open_storage.hpp"
#include "infra/storage.hpp"
#include "projections/replay.hpp"

namespace sluice::apps {

int replay(const config_source& source, bool check_only) {
  auto config = load_config(source);
  if (!config)
    return 2;
  infra::system_clock clock;
  auto storage = open_storage(*config, infra::open_mode::read_write, clock, "replay");
  if (!storage)
    return 1;
  auto report = projections::replay(*storage, !check_only);
  storage->close();
  if (!report) {
    std::fprintf(stderr, "sluice replay: failed: %s\n", report.error().message().c_str());
    return 1;
  }
  const auto& c = report->comparison;
  std::printf("replayed %llu events: projections %s (live %llu keys, rebuilt %llu keys)\n",
              static_cast<unsigned long long>(report->events), c.equal ? "equal" : "DIFFER",
              static_cast<unsigned long long>(c.live_keys),
              static_cast<unsigned long long>(c.replay_keys));
  if (!c.equal) {
    std::printf("first difference: %s\n", c.first_difference.c_str());
    if (!report->repaired)
      return 1;
    std::printf("repaired: the live read models are now the rebuilt ones\n");
  }
  return 0;
}

} // namespace sluice::apps
