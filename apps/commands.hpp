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

/// `sluice audit` options: the account, an optional time range, csv or jsonl.
struct audit_options {
  std::string account_id;
  std::string from;
  std::string to;
  std::string format = "csv";
};

int serve(const config_source& source);
/// Rebuilds the read models from the log, compares, and repairs the live ones unless
/// `check_only` (then a difference exits 1).
int replay(const config_source& source, bool check_only);
int audit(const config_source& source, const audit_options& options);
int verify(const config_source& source);
int print_events(const config_source& source, std::uint64_t after_seq, bool follow);

} // namespace sluice::apps
