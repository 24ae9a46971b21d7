// The reference relay issue #4 names: a bare splice(2) relay with none of the gateway's work (no
// SOCKS5, no account, no metering, no event log). It accepts on 127.0.0.1, connects to the target
// from 127.0.0.2 (as the gateway's exit node does) and moves each direction with blocking splices
// through a 1 MiB pipe on a thread of its own. What the gateway loses to it is the cost of being
// a product rather than a pipe; what it loses to going direct is mostly the second loopback hop.
#pragma once

#include <fcntl.h>

#include <array>

#include "bench/loopback_target.hpp"

namespace sluice::bench {

class splice_relay {
public:
  explicit splice_relay(std::uint16_t target_port) : target_port_(target_port) {
  }

  std::uint16_t port() const {
    return server_.port();
  }

private:
  void relay(infra::unique_fd client) {
    infra::unique_fd target;
    try {
      target = connect_to("127.0.0.1", target_port_, "127.0.0.2");
    } catch (const std::exception&) {
      return;
    }
    int one = 1;
    ::setsockopt(client.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::thread up([&] { pump(client.get(), target.get()); });
    pump(target.get(), client.get());
    up.join();
  }

  /// One direction until end of stream, then a half-close of the other side.
  static void pump(int from, int to) {
    std::array<int, 2> ends{};
    if (::pipe2(ends.data(), O_CLOEXEC) != 0)
      return;
    const infra::unique_fd read_end(ends[0]);
    const infra::unique_fd write_end(ends[1]);
    (void) ::fcntl(write_end.get(), F_SETPIPE_SZ, 1 << 20);
    constexpr unsigned flags = SPLICE_F_MOVE; // Not F_MORE: it corks a short reply.
    for (;;) {
      auto n = ::splice(from, nullptr, write_end.get(), nullptr, 1 << 20, flags);
      if (n <= 0)
        break;
      while (n > 0) {
        const auto m = ::splice(read_end.get(), nullptr, to, nullptr, static_cast<std::size_t>(n),
                                flags);
        if (m <= 0) {
          ::shutdown(from, SHUT_RD);
          return;
        }
        n -= m;
      }
    }
    ::shutdown(to, SHUT_WR);
  }

  std::uint16_t target_port_; // Before server_: connections may come as soon as it listens.
  thread_per_connection_server server_{[this](infra::unique_fd c) { relay(std::move(c)); },
                                       "relay"};
};

} // namespace sluice::bench
