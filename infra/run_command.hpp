// Runs a program without a shell (argv as given) with extra environment variables, waiting at
// most a time limit; used for exit nodes' `reset_command` (a modem or phone reconnect). Blocks
// the calling thread: run it off the I/O threads.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace sluice::infra {

struct command_outcome {
  bool started = false;   ///< The program could be started at all.
  bool timed_out = false; ///< Killed (SIGKILL) at the time limit.
  int exit_status = -1;   ///< Its exit status when it exited by itself; -1 otherwise.

  bool succeeded() const {
    return started && !timed_out && exit_status == 0;
  }
};

/// Runs `argv` (argv[0] looked up on PATH) with this process's environment plus `env`, stdin
/// from /dev/null, its output discarded, for at most `limit`.
command_outcome run_command(const std::vector<std::string>& argv,
                            const std::map<std::string, std::string>& env,
                            std::chrono::milliseconds limit);

} // namespace sluice::infra
