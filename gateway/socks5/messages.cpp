// Byte-level SOCKS5: every length is checked against what has arrived before it is used.
#include "gateway/socks5/messages.hpp"

#include <algorithm>

namespace sluice::gateway::socks5 {
namespace {

template <class T>
parsed<T> need_more() {
  return {parse_status::need_more, {}, 0};
}
template <class T>
parsed<T> malformed() {
  return {parse_status::malformed, {}, 0};
}

/// ATYP DST.ADDR DST.PORT from `at`; advances `at` past it.
parse_status read_address(std::span<const std::uint8_t> b, std::size_t& at, destination& out,
                          std::uint16_t& port) {
  if (b.size() <= at)
    return parse_status::need_more;
  const auto type = b[at++];
  std::size_t address_bytes = 0;
  switch (static_cast<address_type>(type)) {
    case address_type::ipv4:
      address_bytes = 4;
      break;
    case address_type::ipv6:
      address_bytes = 16;
      break;
    case address_type::domain:
      if (b.size() <= at)
        return parse_status::need_more;
      address_bytes = b[at++];
      if (address_bytes == 0)
        return parse_status::malformed;
      break;
    default:
      return parse_status::malformed;
  }
  if (b.size() < at + address_bytes + 2)
    return parse_status::need_more;
  const auto* p = b.data() + at;
  if (type == static_cast<std::uint8_t>(address_type::ipv4)) {
    ipv4_address a;
    std::copy_n(p, 4, a.bytes.begin());
    out = a;
  } else if (type == static_cast<std::uint8_t>(address_type::ipv6)) {
    ipv6_address a;
    std::copy_n(p, 16, a.bytes.begin());
    out = a;
  } else {
    out = std::string(reinterpret_cast<const char*>(p), address_bytes);
  }
  at += address_bytes;
  port = static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
  at += 2;
  return parse_status::complete;
}

void write_address(std::vector<std::uint8_t>& out, const destination& d, std::uint16_t port) {
  if (const auto* v6 = std::get_if<ipv6_address>(&d)) {
    out.push_back(static_cast<std::uint8_t>(address_type::ipv6));
    out.insert(out.end(), v6->bytes.begin(), v6->bytes.end());
  } else if (const auto* name = std::get_if<std::string>(&d)) {
    out.push_back(static_cast<std::uint8_t>(address_type::domain));
    out.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(name->size(), 255)));
    out.insert(out.end(), name->begin(), name->begin() + std::min<std::size_t>(name->size(), 255));
  } else {
    const auto v4 = std::get<ipv4_address>(d);
    out.push_back(static_cast<std::uint8_t>(address_type::ipv4));
    out.insert(out.end(), v4.bytes.begin(), v4.bytes.end());
  }
  out.push_back(static_cast<std::uint8_t>(port >> 8));
  out.push_back(static_cast<std::uint8_t>(port & 0xff));
}

} // namespace

bool greeting::offers(method m) const {
  return std::find(methods.begin(), methods.end(), m) != methods.end();
}

parsed<greeting> parse_greeting(std::span<const std::uint8_t> b) {
  if (b.size() < 2)
    return b.empty() || b[0] == version ? need_more<greeting>() : malformed<greeting>();
  if (b[0] != version || b[1] == 0)
    return malformed<greeting>();
  const std::size_t n = b[1];
  if (b.size() < 2 + n)
    return need_more<greeting>();
  parsed<greeting> out{parse_status::complete, {}, 2 + n};
  for (std::size_t i = 0; i < n; ++i)
    out.value.methods.push_back(static_cast<method>(b[2 + i]));
  return out;
}

parsed<credentials> parse_credentials(std::span<const std::uint8_t> b) {
  if (b.empty())
    return need_more<credentials>();
  if (b[0] != auth_version)
    return malformed<credentials>();
  if (b.size() < 2)
    return need_more<credentials>();
  const std::size_t ulen = b[1];
  if (b.size() < 2 + ulen + 1)
    return need_more<credentials>();
  const std::size_t plen = b[2 + ulen];
  if (b.size() < 3 + ulen + plen)
    return need_more<credentials>();
  const auto* p = reinterpret_cast<const char*>(b.data());
  return {parse_status::complete,
          {std::string(p + 2, ulen), std::string(p + 3 + ulen, plen)},
          3 + ulen + plen};
}

parsed<request> parse_request(std::span<const std::uint8_t> b) {
  if (b.empty())
    return need_more<request>();
  if (b[0] != version)
    return malformed<request>();
  if (b.size() < 3)
    return need_more<request>();
  if (b[2] != 0)
    return malformed<request>(); // RSV must be zero.
  parsed<request> out;
  out.value.command = b[1];
  if (b.size() > 3 && b[3] != static_cast<std::uint8_t>(address_type::ipv4)
      && b[3] != static_cast<std::uint8_t>(address_type::ipv6)
      && b[3] != static_cast<std::uint8_t>(address_type::domain)) {
    out.value.unknown_address_type = true;
    return {parse_status::complete, out.value, 4};
  }
  std::size_t at = 3;
  out.status = read_address(b, at, out.value.address, out.value.port);
  out.consumed = out.status == parse_status::complete ? at : 0;
  return out;
}

parsed<udp_header> parse_udp_header(std::span<const std::uint8_t> b) {
  if (b.size() < 3)
    return malformed<udp_header>(); // A datagram is whole or nothing.
  if (b[0] != 0 || b[1] != 0)
    return malformed<udp_header>();
  parsed<udp_header> out;
  out.value.fragment = b[2];
  std::size_t at = 3;
  const auto status = read_address(b, at, out.value.address, out.value.port);
  if (status != parse_status::complete)
    return malformed<udp_header>();
  out.status = parse_status::complete;
  out.consumed = at;
  return out;
}

std::vector<std::uint8_t> encode_method_choice(method m) {
  return {version, static_cast<std::uint8_t>(m)};
}

std::vector<std::uint8_t> encode_auth_status(bool ok) {
  return {auth_version, static_cast<std::uint8_t>(ok ? 0x00 : 0x01)};
}

std::vector<std::uint8_t> encode_reply(reply_code code, const destination& bound,
                                       std::uint16_t port) {
  std::vector<std::uint8_t> out{version, static_cast<std::uint8_t>(code), 0x00};
  write_address(out, bound, port);
  return out;
}

std::vector<std::uint8_t> encode_request(command cmd, const destination& target,
                                         std::uint16_t port) {
  std::vector<std::uint8_t> out{version, static_cast<std::uint8_t>(cmd), 0x00};
  write_address(out, target, port);
  return out;
}

std::vector<std::uint8_t> encode_credentials(const credentials& creds) {
  std::vector<std::uint8_t> out{auth_version};
  for (const auto* part : {&creds.username, &creds.password}) {
    const auto n = std::min<std::size_t>(part->size(), 255);
    out.push_back(static_cast<std::uint8_t>(n));
    out.insert(out.end(), part->begin(), part->begin() + static_cast<std::ptrdiff_t>(n));
  }
  return out;
}

std::vector<std::uint8_t> encode_udp_header(const destination& from, std::uint16_t port) {
  std::vector<std::uint8_t> out{0x00, 0x00, 0x00};
  write_address(out, from, port);
  return out;
}

} // namespace sluice::gateway::socks5
