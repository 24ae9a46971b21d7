// `sluice verify`: needs the data directory to itself (it brings the read models to the end of
// the log first), so it refuses plainly while serve runs. One line per violation on stdout;
// exit status 1 if there is any.
#include <cstdio>

#include "actors/account/metering.hpp"
#include "apps/billing_verify.hpp"
#include "apps/commands.hpp"
#include "apps/load_config.hpp"
#include "apps/open_storage.hpp"

namespace sluice::apps {

int verify(const config_source& source) {
  auto config = load_config(source);
  if (!config)
    return 2;
  infra::system_clock clock;
  auto storage = open_storage(*config, infra::open_mode::read_write, clock, "verify");
  if (!storage)
    return 1;
  const auto max_grant = config->socks.grant_bytes * actors::grant_growth_max;
  auto report = verify_billing(*storage, max_grant);
  storage->close();
  if (!report) {
    std::fprintf(stderr, "sluice verify: failed: %s\n", report.error().message().c_str());
    return 1;
  }
  for (const auto& v : report->violations)
    std::printf("%s\n", v.c_str());
  std::printf("verified %llu accounts over %llu events: %zu violation%s\n",
              static_cast<unsigned long long>(report->accounts),
              static_cast<unsigned long long>(report->events), report->violations.size(),
              report->violations.size() == 1 ? "" : "s");
  return report->violations.empty() ? 0 : 1;
}

} // namespace sluice::apps
