// The reference relays: bare relays with none of the gateway's work (no SOCKS5, no account, no
// metering, no event log). Each accepts on 127.0.0.1, connects to the target from 127.0.0.2 (as
// the gateway's exit node does) and moves each direction with blocking calls on a thread of its
// own, either
//   - splice: splice(2) through a 1 MiB pipe, the reference issue #4 names; or
//   - copy:   recv(2) into a 4 MiB buffer and send(2) it on, the simplest copying relay, and so
//             the ceiling for one (the gateway copies too, bench/README.md says why).
// socks_load runs them in a process of their own, as the gateway is: what the gateway loses to
// them is the cost of being a product rather than a pipe; what they lose to going direct is
// mostly the second loopback hop.
#pragma once

#include <fcntl.h>

#include <array>
#include <memory>

#include "bench/loopback_target.hpp"

namespace sluice::bench {

enum class relay_kind { splice, copy };

class bare_relay {
public:
  bare_relay(std::uint16_t target_port, relay_kind kind) : target_port_(target_port), kind_(kind) {
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
    const auto pump = kind_ == relay_kind::splice ? &splice_pump : &copy_pump;
    std::thread up([&] { pump(client.get(), target.get()); });
    pump(target.get(), client.get());
    up.join();
  }

  /// One direction until end of stream, then a half-close of the other side.
  static void splice_pump(int from, int to) {
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

  /// The same with a buffer: a blocking send sleeps in the kernel until all of it is taken.
  static void copy_pump(int from, int to) {
    constexpr std::size_t size = 4 << 20;
    const auto buffer = std::make_unique_for_overwrite<char[]>(size); // Pages only as touched.
    for (;;) {
      const auto n = ::recv(from, buffer.get(), size, 0);
      if (n <= 0)
        break;
      try {
        send_all(to, buffer.get(), static_cast<std::size_t>(n));
      } catch (const std::exception&) {
        ::shutdown(from, SHUT_RD);
        return;
      }
    }
    ::shutdown(to, SHUT_WR);
  }

  std::uint16_t target_port_; // Before server_: connections may come as soon as it listens.
  relay_kind kind_;
  thread_per_connection_server server_{[this](infra::unique_fd c) { relay(std::move(c)); },
                                       "relay"};
};

} // namespace sluice::bench
