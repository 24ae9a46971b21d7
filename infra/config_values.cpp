// The value syntaxes of DESIGN.md §5 (durations, money, host:port), shared by the TOML loader,
// the environment overrides and anyone else who parses operator input of the same shape.
#include <arpa/inet.h>

#include <cstdint>
#include <string_view>

#include "infra/config.hpp"

namespace sluice::infra {
namespace {

// 12 digits keep the largest value, 999999999999h in milliseconds, inside an int64.
constexpr std::size_t duration_digits_max = 12;
// 15 integer digits keep the amount in minor units well inside an int64.
constexpr std::size_t money_integer_digits_max = 15;
// RFC 1035 §2.3.4: a name is at most 253 characters in its text form.
constexpr std::size_t host_name_chars_max = 253;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (!is_digit(c))
      return false;
  }
  return !text.empty();
}

std::int64_t digits_value(std::string_view digits) {
  std::int64_t value = 0;
  for (char c : digits)
    value = value * 10 + (c - '0');
  return value;
}

bool parse_ip(int family, const std::string& text) {
  unsigned char buffer[16];
  return ::inet_pton(family, text.c_str(), buffer) == 1;
}

// Names are letters, digits, '-', '_' and '.'; a name made only of digits and dots must be a
// valid IPv4 literal, so "999.1.1.1" is refused rather than sent to DNS.
bool valid_host(std::string_view host) {
  if (host.empty() || host.size() > host_name_chars_max)
    return false;
  bool numeric = true;
  for (char c : host) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && !is_digit(c) && c != '-' && c != '_' && c != '.')
      return false;
    if (!is_digit(c) && c != '.')
      numeric = false;
  }
  return !numeric || parse_ip(AF_INET, std::string(host));
}

} // namespace

result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits]))
    ++digits;
  if (digits == 0 || digits > duration_digits_max)
    return errc::invalid_argument;
  std::int64_t count = digits_value(text.substr(0, digits));
  std::string_view unit = text.substr(digits);
  if (unit == "ms")
    return std::chrono::milliseconds(count);
  if (unit == "s")
    return std::chrono::milliseconds(count * 1000);
  if (unit == "m")
    return std::chrono::milliseconds(count * 60'000);
  if (unit == "h")
    return std::chrono::milliseconds(count * 3'600'000);
  return errc::invalid_argument;
}

result<money_minor> parse_money(std::string_view text) {
  std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (!all_digits(whole) || whole.size() > money_integer_digits_max)
    return errc::invalid_argument;
  // "5." is refused: a dot promises decimals.
  if (dot != std::string_view::npos && (!all_digits(fraction) || fraction.size() > 2)) {
    return errc::invalid_argument;
  }
  money_minor cents = digits_value(fraction);
  if (fraction.size() == 1)
    cents *= 10;
  return digits_value(whole) * 100 + cents;
}

result<endpoint> parse_endpoint(std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return errc::invalid_argument;
  std::string_view host = text.substr(0, colon);
  std::string_view port = text.substr(colon + 1);
  if (!all_digits(port) || port.size() > 5)
    return errc::invalid_argument;
  std::int64_t port_number = digits_value(port);
  if (port_number > 65535)
    return errc::invalid_argument;
  endpoint out;
  out.port = static_cast<std::uint16_t>(port_number);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    // The brackets only delimit the literal (RFC 3986 §3.2.2); the address itself is kept bare.
    out.host = std::string(host.substr(1, host.size() - 2));
    if (!parse_ip(AF_INET6, out.host))
      return errc::invalid_argument;
    return out;
  }
  if (!valid_host(host))
    return errc::invalid_argument;
  out.host = std::string(host);
  return out;
}

} // namespace sluice::infra
