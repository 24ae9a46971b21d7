#include "gateway/exit/tcp_fingerprint.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace sluice::gateway {

std::optional<tcp_fingerprint> fingerprint_named(std::string_view name) {
  if (name == "none")
    return tcp_fingerprint{};
  // Initial TTLs and SYN windows as those systems send them by default (p0f's signatures): Linux
  // 64 with a 64240 window, macOS 64 with 65535, Windows 10/11 128 with 64240; MSS 1460 on
  // Ethernet for all three.
  if (name == "linux")
    return tcp_fingerprint{64, 1460, 64240};
  if (name == "macos")
    return tcp_fingerprint{64, 1460, 65535};
  if (name == "windows")
    return tcp_fingerprint{128, 1460, 64240};
  return std::nullopt;
}

void apply_fingerprint(boost::asio::ip::tcp::socket& socket, const tcp_fingerprint& fingerprint,
                       bool v6) {
  const int fd = socket.native_handle();
  if (fingerprint.ttl > 0) {
    if (v6) {
      (void) ::setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &fingerprint.ttl,
                          sizeof fingerprint.ttl);
    } else {
      (void) ::setsockopt(fd, IPPROTO_IP, IP_TTL, &fingerprint.ttl, sizeof fingerprint.ttl);
    }
  }
  if (fingerprint.mss > 0)
    (void) ::setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &fingerprint.mss, sizeof fingerprint.mss);
  if (fingerprint.receive_buffer > 0) {
    (void) ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &fingerprint.receive_buffer,
                        sizeof fingerprint.receive_buffer);
  }
}

void widen_after_connect(boost::asio::ip::tcp::socket& socket, const tcp_fingerprint& fingerprint) {
  if (fingerprint.receive_buffer <= 0)
    return;
  const int wide = 8 << 20; // The kernel caps it at net.core.rmem_max.
  (void) ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVBUF, &wide, sizeof wide);
}

} // namespace sluice::gateway
