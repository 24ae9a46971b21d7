// Pure parsers and encoders of the SOCKS5 handshake messages: bytes in, a value out, no I/O.
// Each parser looks at what has arrived so far and says whether it holds a whole message, needs
// more bytes, or is malformed (the connection is then closed).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "gateway/socks5/wire.hpp"

namespace sluice::gateway::socks5 {

enum class parse_status { complete, need_more, malformed };

template <class T>
struct parsed {
  parse_status status = parse_status::need_more;
  T value{};
  std::size_t consumed = 0; ///< Bytes of the message, when complete.
};

/// VER NMETHODS METHODS...
struct greeting {
  std::vector<method> methods;
  bool offers(method m) const;
};
parsed<greeting> parse_greeting(std::span<const std::uint8_t> bytes);

/// RFC 1929: VER ULEN UNAME PLEN PASSWD.
struct credentials {
  std::string username;
  std::string password;
};
parsed<credentials> parse_credentials(std::span<const std::uint8_t> bytes);

struct ipv4_address {
  std::array<std::uint8_t, 4> bytes{};
};
struct ipv6_address {
  std::array<std::uint8_t, 16> bytes{};
};
/// A destination as the client named it: an address, or a name to resolve here (socks5h).
using destination = std::variant<ipv4_address, ipv6_address, std::string>;

/// VER CMD RSV ATYP DST.ADDR DST.PORT. An unknown command parses (the reply says 0x07); so does
/// an unknown address type, as far as ATYP (the reply says 0x08, and the rest, whose length is
/// unknown, is never read). An empty domain name is malformed.
struct request {
  std::uint8_t command = 0;
  destination address;
  std::uint16_t port = 0;
  bool unknown_address_type = false;
};
parsed<request> parse_request(std::span<const std::uint8_t> bytes);

/// RFC 1928 §7 UDP header: RSV RSV FRAG ATYP DST.ADDR DST.PORT, then the payload.
struct udp_header {
  std::uint8_t fragment = 0;
  destination address;
  std::uint16_t port = 0;
};
parsed<udp_header> parse_udp_header(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encode_method_choice(method m);
std::vector<std::uint8_t> encode_auth_status(bool ok);
/// VER REP RSV ATYP BND.ADDR BND.PORT with an IPv4 or IPv6 bound address.
std::vector<std::uint8_t> encode_reply(reply_code code, const destination& bound,
                                       std::uint16_t port);
/// Client side, to an upstream SOCKS5 proxy: VER CMD RSV ATYP DST.ADDR DST.PORT.
std::vector<std::uint8_t> encode_request(command cmd, const destination& target,
                                         std::uint16_t port);
/// Client side: RFC 1929 VER ULEN UNAME PLEN PASSWD (each at most 255 bytes).
std::vector<std::uint8_t> encode_credentials(const credentials& creds);

/// The UDP header put in front of a datagram relayed back to the client.
std::vector<std::uint8_t> encode_udp_header(const destination& from, std::uint16_t port);

} // namespace sluice::gateway::socks5
