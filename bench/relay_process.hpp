// The reference relays (bare_relay.hpp) in a process of their own, as the gateway is one: in
// socks_load's own process a relay thread would switch to and from the client and target threads
// without changing address spaces, an edge the gateway cannot have. socks_load runs itself again
// with `--serve-relays TARGET_PORT`; that child prints its two ports on one line and lives until
// its stdin closes, which happens when socks_load ends however it ends.
#pragma once

#include <sys/prctl.h>
#include <sys/wait.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "bench/bare_relay.hpp"

namespace sluice::bench {

struct relay_ports {
  std::uint16_t splice = 0;
  std::uint16_t copy = 0;
  int pid = 0; ///< Of the process serving them.
};

/// The child's side: serves both relays until stdin closes, then ends the process.
[[noreturn]] inline void serve_relays(std::uint16_t target_port) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  const bare_relay splice(target_port, relay_kind::splice);
  const bare_relay copy(target_port, relay_kind::copy);
  std::printf("%u %u\n", splice.port(), copy.port());
  std::fflush(stdout);
  char ignored[64];
  while (::read(STDIN_FILENO, ignored, sizeof ignored) > 0) {
  }
  std::_Exit(0);
}

/// Starts the child (this program, `self`, again) and reads its ports.
inline relay_ports start_relay_process(const std::string& self, std::uint16_t target_port) {
  std::array<int, 2> to_child{};
  std::array<int, 2> from_child{};
  if (::pipe2(to_child.data(), O_CLOEXEC) != 0 || ::pipe2(from_child.data(), O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  const auto port = std::to_string(target_port);
  const pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(to_child[0], STDIN_FILENO);
    ::dup2(from_child[1], STDOUT_FILENO);
    ::execl(self.c_str(), self.c_str(), "--serve-relays", port.c_str(), nullptr);
    std::_Exit(127);
  }
  ::close(to_child[0]); // to_child[1] stays open, unread, for as long as this process lives.
  ::close(from_child[1]);
  FILE* answer = ::fdopen(from_child[0], "r");
  relay_ports ports;
  unsigned splice = 0;
  unsigned copy = 0;
  if (answer == nullptr || std::fscanf(answer, "%u %u", &splice, &copy) != 2)
    throw std::runtime_error("the relay process did not start");
  std::fclose(answer);
  ports.splice = static_cast<std::uint16_t>(splice);
  ports.copy = static_cast<std::uint16_t>(copy);
  ports.pid = pid;
  return ports;
}

} // namespace sluice::bench
