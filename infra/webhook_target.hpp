// Where a webhook URL points, parsed once for both the registration check (http/) and the
// sender: only absolute http(s) URLs naming a host, without credentials.
#pragma once

#include <string>

namespace sluice::infra {

struct webhook_target {
  std::string error;        ///< Set ("url: ...") when the URL may not receive webhooks.
  bool tls = true;          ///< https.
  bool host_is_name = true; ///< false for an IP literal (no SNI then).
  std::string host;         ///< Name, or address without brackets.
  std::string port;         ///< Explicit, or 443 / 80.
  std::string path;         ///< Path and query; "/" when empty.
  std::string host_header;  ///< The Host header: host[:port] as written in the URL.
};

/// https only; http too when `allow_private` (receivers on loopback in tests).
webhook_target parse_webhook_target(const std::string& url, bool allow_private);

} // namespace sluice::infra
