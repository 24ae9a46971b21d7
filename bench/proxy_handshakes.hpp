// Client handshakes of the proxies socks_load drives (bench/README.md): SOCKS5 with RFC 1929
// and an HTTP CONNECT with Basic credentials, on a connected socket. Blocking; for benchmarks.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "bench/loopback_target.hpp"

namespace sluice::bench {

inline std::string base64(std::string_view in) {
  static constexpr char digits[]
    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (const unsigned char c : in) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += digits[(bits >> count) & 0x3f];
    }
  }
  if (count > 0)
    out += digits[(bits << (6 - count)) & 0x3f];
  while (out.size() % 4 != 0)
    out += '=';
  return out;
}

/// Greeting, RFC 1929 and CONNECT with the host name (socks5h) on a connected socket.
inline void socks_connect(int fd, const std::string& user, const std::string& password,
                          const std::string& host, std::uint16_t target_port) {
  const unsigned char greeting[] = {5, 1, 2};
  send_all(fd, greeting, sizeof greeting);
  unsigned char choice[2];
  recv_exact(fd, choice, 2);
  std::string auth{1, static_cast<char>(user.size())};
  auth += user;
  auth += static_cast<char>(password.size());
  auth += password;
  send_all(fd, auth.data(), auth.size());
  unsigned char status[2];
  recv_exact(fd, status, 2);
  if (choice[1] != 2 || status[1] != 0)
    throw std::runtime_error("the proxy refused the credentials");
  std::string request{5, 1, 0, 3, static_cast<char>(host.size())};
  request += host;
  request += static_cast<char>(target_port >> 8);
  request += static_cast<char>(target_port & 0xff);
  send_all(fd, request.data(), request.size());
  unsigned char reply[10];
  recv_exact(fd, reply, sizeof reply);
  if (reply[1] != 0)
    throw std::runtime_error("the proxy refused the CONNECT: " + std::to_string(reply[1]));
}

/// An HTTP CONNECT with Basic proxy credentials; reads the answer's head byte by byte, so
/// nothing of the tunnel is consumed.
inline void http_connect(int fd, const std::string& user, const std::string& password,
                         const std::string& host, std::uint16_t target_port) {
  const auto authority = host + ":" + std::to_string(target_port);
  const auto request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority
                       + "\r\nProxy-Authorization: Basic " + base64(user + ":" + password)
                       + "\r\n\r\n";
  send_all(fd, request.data(), request.size());
  std::string head;
  while (head.size() < 4096
         && (head.size() < 4 || head.compare(head.size() - 4, 4, "\r\n\r\n") != 0)) {
    char c = 0;
    recv_exact(fd, &c, 1);
    head += c;
  }
  if (head.rfind("HTTP/1.1 200", 0) != 0)
    throw std::runtime_error("the proxy refused the CONNECT: " + head.substr(0, 12));
}

} // namespace sluice::bench
