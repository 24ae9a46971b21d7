// Events of the lease book (stream "leases"): every lease, the time-bounded entitlement with its
// own port and credentials that a reseller "proxy" and a subscription both are. One stream for
// all leases because the rules that allocate them (one private lease per exit node, one lease per
// port) span leases; see docs/architecture.md.
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::events {

struct proxy_provisioned {
  static constexpr std::string_view type = "ProxyProvisioned";
  std::uint64_t proxy_id = 0;
  std::uint64_t order_id = 0; ///< What paid for it.
  std::string account_id;
  std::uint32_t product_id = 0;
  std::string name;            ///< Shown to the customer ("5E9F-2026-03-09").
  std::string connection_type; ///< "private" or "shared".
  std::uint32_t max_leases = 1;
  std::string location;
  std::string node;
  std::string host; ///< What clients connect to.
  std::uint32_t port = 0;
  std::string username;
  std::string password_sealed; ///< AES-256-GCM under the sealing key, base64.
  std::string expires_at;      ///< RFC 3339.
};
BOOST_DESCRIBE_STRUCT(proxy_provisioned, (),
                      (proxy_id, order_id, account_id, product_id, name, connection_type,
                       max_leases, location, node, host, port, username, password_sealed,
                       expires_at))

/// The lease's time ran out; its port and node are free again.
struct proxy_expired {
  static constexpr std::string_view type = "ProxyExpired";
  std::uint64_t proxy_id = 0;
  std::uint64_t order_id = 0;
  std::string account_id;
};
BOOST_DESCRIBE_STRUCT(proxy_expired, (), (proxy_id, order_id, account_id))

/// The proxy left its node (DELETE-like: `disconnect`): its port and credentials stay, its node
/// is free, its tunnels are cut and new ones refused until it is connected again.
struct proxy_disconnected {
  static constexpr std::string_view type = "ProxyDisconnected";
  std::uint64_t proxy_id = 0;
  std::string account_id;
};
BOOST_DESCRIBE_STRUCT(proxy_disconnected, (), (proxy_id, account_id))

/// The proxy was (re)connected at `location` on `node`, with new credentials: the old ones and
/// the tunnels opened with them stop at once.
struct proxy_connected {
  static constexpr std::string_view type = "ProxyConnected";
  std::uint64_t proxy_id = 0;
  std::string account_id;
  std::string location;
  std::string node;
  std::string host;
  std::string username;
  std::string password_sealed;
};
BOOST_DESCRIBE_STRUCT(proxy_connected, (),
                      (proxy_id, account_id, location, node, host, username, password_sealed))

/// The proxy's exit address was changed: moved to `node` (another free node of its location),
/// or, when `by_command`, its node's reset_command ran and exited 0. `mode` "hard" also cut its
/// open tunnels.
struct proxy_reset {
  static constexpr std::string_view type = "ProxyReset";
  std::uint64_t proxy_id = 0;
  std::string account_id;
  std::string mode; ///< "fast" or "hard".
  std::string node;
  std::string previous_node;
  bool by_command = false;
};
BOOST_DESCRIBE_STRUCT(proxy_reset, (),
                      (proxy_id, account_id, mode, node, previous_node, by_command))

/// The TCP/IP fingerprint the proxy's outgoing connections take from now on.
struct proxy_fingerprint_set {
  static constexpr std::string_view type = "ProxyFingerprintSet";
  std::uint64_t proxy_id = 0;
  std::string account_id;
  std::string fingerprint; ///< "none", "linux", "macos" or "windows".
};
BOOST_DESCRIBE_STRUCT(proxy_fingerprint_set, (), (proxy_id, account_id, fingerprint))

/// Bytes relayed through the lease's port since its last report (both ways), counted by the
/// gateway and reported about once a second. A lease is paid for its time: nothing is billed.
struct lease_bytes_metered {
  static constexpr std::string_view type = "LeaseBytesMetered";
  std::uint64_t proxy_id = 0;
  std::string account_id;
  std::uint64_t bytes = 0;
};
BOOST_DESCRIBE_STRUCT(lease_bytes_metered, (), (proxy_id, account_id, bytes))

} // namespace sluice::events
