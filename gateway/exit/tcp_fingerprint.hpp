// A lease's passive TCP/IP fingerprint (issue #21): what a process can set on its outgoing
// socket before it connects, so the SYN a target sees looks like another OS's. Set: the initial
// TTL (IP_TTL / IPV6_UNICAST_HOPS), the MSS (TCP_MAXSEG) and the receive buffer that the SYN's
// window is derived from (SO_RCVBUF). Not settable from user space: the TCP option order,
// timestamps, SACK and window-scale choices, the IP ID and DF behaviour — those stay Linux's;
// and Linux rounds the SYN's window down to a multiple of the MSS (65535 goes out as 64240).
// Through an upstream-proxy node the target sees the upstream's stack, not this one.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <optional>
#include <string_view>

namespace sluice::gateway {

struct tcp_fingerprint {
  int ttl = 0;            ///< 0: the system's.
  int mss = 0;            ///< 0: the system's.
  int receive_buffer = 0; ///< 0: the system's.
};

/// "none" (the system's), "linux", "macos", "windows"; nullopt for any other name.
std::optional<tcp_fingerprint> fingerprint_named(std::string_view name);

/// Sets what `fingerprint` asks on an open, unconnected socket. Best effort: an option the
/// kernel refuses is left as it was.
void apply_fingerprint(boost::asio::ip::tcp::socket& socket, const tcp_fingerprint& fingerprint,
                       bool v6);

/// After the connect: the small receive buffer that shaped the SYN's window would cap the
/// connection's window for good (setting SO_RCVBUF turns the kernel's autotuning off), so it is
/// raised as far as net.core.rmem_max lets a process (~416 KiB by default, against autotuning's
/// 6 MiB): a fingerprinted connection trades some long-distance throughput for its SYN.
void widen_after_connect(boost::asio::ip::tcp::socket& socket, const tcp_fingerprint& fingerprint);

} // namespace sluice::gateway
