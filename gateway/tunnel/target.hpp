// A destination as a client named it, whatever its protocol: an address, or a name this gateway
// resolves (SOCKS5 `socks5h`, an HTTP CONNECT authority, a Shadowsocks or VLESS header).
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <string>
#include <variant>

namespace sluice::gateway {

using target_host = std::variant<boost::asio::ip::address, std::string>;

struct target {
  target_host host;
  std::uint16_t port = 0;
};

} // namespace sluice::gateway
