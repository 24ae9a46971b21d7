#include "infra/run_command.hpp"

#include <cerrno>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

extern char** environ;

namespace sluice::infra {

command_outcome run_command(const std::vector<std::string>& argv,
                            const std::map<std::string, std::string>& env,
                            std::chrono::milliseconds limit) {
  command_outcome out;
  if (argv.empty())
    return out;
  std::vector<std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const auto name = entry.substr(0, entry.find('='));
    if (!env.contains(name))
      environment.push_back(entry);
  }
  for (const auto& [name, value] : env)
    environment.push_back(name + "=" + value);
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : environment)
    envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  // Its own process group (the time limit kills what it started too), default signal
  // dispositions (serve ignores SIGPIPE) and no blocked signals.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0)
    return out;
  out.started = true;
  // Polled in steps rather than against a clock: a few milliseconds late at most, which a
  // 60 s limit does not mind.
  constexpr std::chrono::milliseconds step{20};
  const auto steps = std::max<std::int64_t>(1, limit / step);
  for (std::int64_t waited = 0;; ++waited) {
    int status = 0;
    pid_t done = 0;
    do {
      done = ::waitpid(pid, &status, WNOHANG);
    } while (done < 0 && errno == EINTR);
    if (done == pid) {
      if (WIFEXITED(status))
        out.exit_status = WEXITSTATUS(status);
      return out;
    }
    if (done < 0)
      return out;
    if (waited >= steps) {
      ::kill(-pid, SIGKILL); // The whole group.
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      out.timed_out = true;
      return out;
    }
    std::this_thread::sleep_for(step);
  }
}

} // namespace sluice::infra
