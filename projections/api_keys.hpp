// Read models of API keys: "key_by_hash" (SHA-256 of the secret -> owner, for authenticating a
// presented key) and "account_keys" (an account's keys, for listings). One fold writes both.
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "projections/projection.hpp"

namespace sluice::projections {

/// The stored record of one key in an account's listing (events/record_codec.hpp writes and
/// reads it; members in the order the stored JSON has them).
struct key_listing_row {
  std::string id;
  std::string label;
  std::string prefix;
  std::string family;
  std::string secret_sha256;
  std::uint64_t used_bytes = 0; ///< Since the last ApiKeyUsageReset.
  bool revoked = false;
  std::optional<std::string> last_used_at; ///< Of the last usage report; null: never used.
  std::string created_at;
  std::optional<std::uint64_t> quota_bytes; ///< null: no cap.
  std::optional<std::uint64_t> serial;      ///< `rv_` keys' integer id; absent in older rows.
};
BOOST_DESCRIBE_STRUCT(key_listing_row, (),
                      (id, label, prefix, family, secret_sha256, used_bytes, revoked, last_used_at,
                       created_at, quota_bytes, serial))

/// The stored record behind a secret's hash: what authentication needs.
struct key_owner_row {
  std::string key_id;
  std::string account_id;
  std::string family;
  bool revoked = false;
};
BOOST_DESCRIBE_STRUCT(key_owner_row, (), (key_id, account_id, family, revoked))

class api_keys final : public projection {
public:
  static constexpr std::string_view projection_name = "api_keys";
  static std::string by_hash_key(std::string_view secret_sha256);
  static std::string listing_prefix(std::string_view account_id);
  static std::string listing_key(std::string_view account_id, std::string_view key_id);

  std::string_view name() const override {
    return projection_name;
  }
  status apply(const events::envelope& event, infra::projection_tx& tx) override;
};

} // namespace sluice::projections
