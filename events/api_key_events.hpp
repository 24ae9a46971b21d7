// Events of the API-key aggregate (stream "apikey/{id}"). The secret itself is never stored in
// clear: only its SHA-256 (for lookup) and a sealed copy (for re-display to its owner).
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::events {

struct api_key_minted {
  static constexpr std::string_view type = "ApiKeyMinted";
  std::string key_id;
  std::string account_id;
  std::string family; ///< "sk_live_" (gateway/B2B), "rv_" (reseller) or "rk_" (subscription).
  std::string label;
  std::string prefix;        ///< The first characters of the secret, safe to show in listings.
  std::string secret_sha256; ///< Lowercase hex.
  std::string secret_sealed; ///< AES-256-GCM under the data directory's sealing key, base64.
  std::optional<std::uint64_t> quota_bytes; ///< No value: no cap.
  /// The integer id the reseller face shows (`rv_` keys only; IdIssued on "ids/reseller_key").
  std::optional<std::uint64_t> serial;
};
BOOST_DESCRIBE_STRUCT(api_key_minted, (),
                      (key_id, account_id, family, label, prefix, secret_sha256, secret_sealed,
                       quota_bytes, serial))

struct api_key_revoked {
  static constexpr std::string_view type = "ApiKeyRevoked";
  std::string key_id;
  std::string account_id;
};
BOOST_DESCRIBE_STRUCT(api_key_revoked, (), (key_id, account_id))

struct api_key_quota_set {
  static constexpr std::string_view type = "ApiKeyQuotaSet";
  std::string key_id;
  std::string account_id;
  std::optional<std::uint64_t> quota_bytes;
};
BOOST_DESCRIBE_STRUCT(api_key_quota_set, (), (key_id, account_id, quota_bytes))

struct api_key_usage_reset {
  static constexpr std::string_view type = "ApiKeyUsageReset";
  std::string key_id;
  std::string account_id;
};
BOOST_DESCRIBE_STRUCT(api_key_usage_reset, (), (key_id, account_id))

} // namespace sluice::events
