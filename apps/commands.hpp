// The subcommands of the `sluice` binary (DESIGN.md §5). Each returns the process exit status.
#pragma once

#include <cstdint>
#include <string>

namespace sluice::apps {

/// Where the configuration comes from: --config FILE, optionally --data-dir DIR on top.
struct config_source {
  std::string config_file;
  std::string data_dir; ///< Wins over the file and the environment when set.
};

int serve(const config_source& source);
int replay(const config_source& source);
int print_events(const config_source& source, std::uint64_t after_seq, bool follow);

} // namespace sluice::apps
