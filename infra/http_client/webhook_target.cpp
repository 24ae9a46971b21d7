// Webhook URL parsing with Boost.URL.
#include "infra/webhook_target.hpp"

#include <boost/url/parse.hpp>

namespace sluice::infra {
namespace {

/// 1-65535 in decimal. Boost.URL takes any run of digits as a port (99999, 0).
bool valid_port(std::string_view digits) {
  if (digits.size() > 5)
    return false;
  unsigned value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9')
      return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value >= 1 && value <= 65535;
}

} // namespace

webhook_target parse_webhook_target(const std::string& url, bool allow_private) {
  webhook_target out;
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) {
    out.error = "url: must be an absolute https:// URL";
    return out;
  }
  const auto& u = *parsed;
  const auto scheme = u.scheme_id();
  out.tls = scheme == boost::urls::scheme::https;
  if (!out.tls && !(allow_private && scheme == boost::urls::scheme::http)) {
    out.error = "url: must be an https:// URL";
    return out;
  }
  if (u.has_userinfo()) {
    out.error = "url: must not contain credentials";
    return out;
  }
  switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
      out.host = u.host_ipv4_address().to_string();
      out.host_is_name = false;
      break;
    case boost::urls::host_type::ipv6:
      out.host = u.host_ipv6_address().to_string();
      out.host_is_name = false;
      break;
    case boost::urls::host_type::name:
      out.host = u.host_name();
      break;
    default:
      break;
  }
  if (out.host.empty()) {
    out.error = "url: must name a host";
    return out;
  }
  out.port = u.has_port() ? std::string{u.port()} : std::string{};
  if (out.port.empty()) {
    out.port = out.tls ? "443" : "80"; // RFC 3986 §3.2.3: an empty port is the scheme's default.
  } else if (!valid_port(out.port)) {
    out.error = "url: the port must be a number from 1 to 65535";
    return out;
  }
  const auto path = u.encoded_path();
  out.path.assign(path.data(), path.size());
  if (out.path.empty())
    out.path.push_back('/');
  if (u.has_query()) {
    // Appended piece by piece: GCC 12 at -O3 sees a false overlap (-Wrestrict) in "?" + query.
    const auto query = u.encoded_query();
    out.path.push_back('?');
    out.path.append(query.data(), query.size());
  }
  out.host_header = std::string{u.encoded_host_and_port()};
  return out;
}

} // namespace sluice::infra
