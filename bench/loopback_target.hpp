// The loopback target of socks_load and the socket helpers both sides use: plain blocking
// POSIX sockets and a thread per connection, so that the baseline costs what a simple server does.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "infra/unique_fd.hpp"

namespace sluice::bench {

inline void send_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const auto n = ::send(fd, p, size, MSG_NOSIGNAL);
    if (n <= 0)
      throw std::runtime_error("send failed");
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

inline void recv_exact(int fd, void* data, std::size_t size) {
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    const auto n = ::recv(fd, p, size, 0);
    if (n <= 0)
      throw std::runtime_error("connection ended early");
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

/// A TCP connection to host:port (IPv4, TCP_NODELAY), from `source` if one is given.
inline infra::unique_fd connect_to(const std::string& host, std::uint16_t port,
                                   const char* source = nullptr) {
  infra::unique_fd fd(::socket(AF_INET, SOCK_STREAM, 0));
  if (source != nullptr) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source, &from.sin_addr);
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&from), sizeof from) != 0)
      throw std::runtime_error("cannot bind to " + std::string(source));
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw std::runtime_error("connect failed");
  int one = 1;
  ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// ---- Servers -----------------------------------------------------------------------------------

/// Listens on 127.0.0.1 (a free port) and runs `serve` on a detached thread per connection, for
/// as long as the program runs: the baseline costs what a simple server does.
class thread_per_connection_server {
public:
  thread_per_connection_server(std::function<void(infra::unique_fd)> serve, const char* what)
    : listener_(::socket(AF_INET, SOCK_STREAM, 0)), serve_(std::move(serve)) {
    int one = 1;
    ::setsockopt(listener_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    socklen_t len = sizeof addr;
    if (::bind(listener_.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0
        || ::listen(listener_.get(), 4096) != 0
        || ::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error(std::string(what) + " cannot listen");
    }
    port_ = ntohs(addr.sin_port);
    std::thread([this] { accept_loop(); }).detach();
  }

  std::uint16_t port() const {
    return port_;
  }

private:
  void accept_loop() {
    for (;;) {
      const int fd = ::accept(listener_.get(), nullptr, nullptr);
      if (fd < 0 && (errno == EBADF || errno == EINVAL))
        return; // The listener is gone (the program is ending).
      if (fd < 0)
        continue;
      std::thread([this, fd] { serve_(infra::unique_fd(fd)); }).detach();
    }
  }

  infra::unique_fd listener_;
  std::function<void(infra::unique_fd)> serve_;
  std::uint16_t port_ = 0;
};

// ---- The target ------------------------------------------------------------------------------

class target {
public:
  std::uint16_t port() const {
    return server_.port();
  }

private:
  static void serve(infra::unique_fd fd) {
    static const std::vector<char> zeros(1 << 20, 'x');
    try {
      char kind = 0;
      recv_exact(fd.get(), &kind, 1);
      if (kind == 'C') {
        send_all(fd.get(), zeros.data(), 64);
        return;
      }
      std::uint64_t left = 0;
      recv_exact(fd.get(), &left, sizeof left);
      while (left > 0) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, zeros.size()));
        send_all(fd.get(), zeros.data(), n);
        left -= n;
      }
      char end = 0;
      (void) ::recv(fd.get(), &end, 1, 0); // Until the client has read it all and closes.
    } catch (const std::exception&) {
    }
  }

  thread_per_connection_server server_{&target::serve, "target"};
};

} // namespace sluice::bench
