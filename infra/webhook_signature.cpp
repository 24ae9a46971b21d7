// Both signature schemes on crypto.hpp's HMAC.
#include "infra/webhook_signature.hpp"

#include "infra/crypto.hpp"

namespace sluice::infra {

std::string vela_signature(std::string_view secret, std::string_view body) {
  return "sha256=" + to_hex(hmac_sha256(secret, body));
}

result<std::string> standard_webhooks_signature(std::string_view secret, std::string_view id,
                                                std::int64_t timestamp, std::string_view body) {
  constexpr std::string_view prefix = "whsec_";
  if (secret.starts_with(prefix))
    secret.remove_prefix(prefix.size());
  auto key = base64_decode(secret);
  if (!key || key->empty())
    return errc::invalid_argument;
  std::string content;
  content.reserve(id.size() + body.size() + 24);
  content.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  return "v1," + base64_encode(hmac_sha256(*key, content));
}

} // namespace sluice::infra
