// `sluice events --after SEQ [--follow]`: reads as a RocksDB follower, so it works while serve
// runs. Following catches up with the server a few times a second; it never spins.
#include <csignal>
#include <cstdio>

#include "apps/commands.hpp"
#include "apps/load_config.hpp"
#include "apps/open_storage.hpp"
#include "infra/storage.hpp"

namespace sluice::apps {
namespace {

volatile std::sig_atomic_t interrupted = 0;
constexpr std::size_t chunk_events = 1000;
constexpr std::chrono::milliseconds follow_poll{200};

} // namespace

int print_events(const config_source& source, std::uint64_t after_seq, bool follow) {
  auto config = load_config(source);
  if (!config)
    return 2;
  infra::system_clock clock;
  auto storage = open_storage(*config, infra::open_mode::follower, clock, "events");
  if (!storage)
    return 1;
  std::signal(SIGINT, [](int) { interrupted = 1; });
  std::signal(SIGTERM, [](int) { interrupted = 1; });
  std::signal(SIGPIPE, SIG_IGN);
  auto& log = storage->log();
  std::uint64_t next = after_seq;
  while (interrupted == 0) {
    auto batch = log.read_after(next, chunk_events);
    if (!batch) {
      std::fprintf(stderr, "sluice events: read failed at seq %llu: %s\n",
                   static_cast<unsigned long long>(next + 1), batch.error().message().c_str());
      return 1;
    }
    for (const auto& e : *batch) {
      const auto line = events::to_json(e) + "\n";
      if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size())
        return 0; // EPIPE.
      next = e.seq;
    }
    if (std::fflush(stdout) != 0)
      return 0;
    if (batch->size() == chunk_events)
      continue;
    if (!follow)
      break;
    // The follower is not woken by the server's commits; it re-reads the server's WAL.
    log.wait_for_seq(next, follow_poll);
    if (auto ok = storage->catch_up(); !ok) {
      std::fprintf(stderr, "sluice events: cannot follow the log: %s\n",
                   ok.error().message().c_str());
      return 1;
    }
  }
  return 0;
}

} // namespace sluice::apps
