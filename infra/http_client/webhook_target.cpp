// Webhook URL parsing with Boost.URL.
#include "infra/webhook_target.hpp"

#include <boost/url/parse.hpp>

namespace sluice::infra {

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
  out.port = u.has_port() ? std::string{u.port()} : std::string{out.tls ? "443" : "80"};
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
