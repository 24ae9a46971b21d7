// Constants of SOCKS version 5 (RFC 1928) and its username/password sub-negotiation (RFC 1929).
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice::gateway::socks5 {

inline constexpr std::uint8_t version = 0x05;
inline constexpr std::uint8_t auth_version = 0x01; ///< RFC 1929 sub-negotiation version.

enum class method : std::uint8_t {
  no_auth = 0x00,
  username_password = 0x02,
  none_acceptable = 0xff,
};

enum class command : std::uint8_t {
  connect = 0x01,
  bind = 0x02,
  udp_associate = 0x03,
};

enum class address_type : std::uint8_t {
  ipv4 = 0x01,
  domain = 0x03,
  ipv6 = 0x04,
};

/// REP field of a reply (RFC 1928 §6).
enum class reply_code : std::uint8_t {
  succeeded = 0x00,
  general_failure = 0x01,
  not_allowed = 0x02, ///< Connection not allowed by ruleset.
  network_unreachable = 0x03,
  host_unreachable = 0x04,
  connection_refused = 0x05,
  ttl_expired = 0x06,
  command_not_supported = 0x07,
  address_type_not_supported = 0x08,
};

/// The longest message of each kind, so readers can bound their buffers.
inline constexpr std::size_t greeting_bytes_max = 2 + 255;
inline constexpr std::size_t auth_bytes_max = 3 + 255 + 255;
inline constexpr std::size_t request_bytes_max = 4 + 1 + 255 + 2;

} // namespace sluice::gateway::socks5
