// Read models of API keys: "key_by_hash" (SHA-256 of the secret -> owner, for authenticating a
// presented key) and "account_keys" (an account's keys, for listings). One fold writes both.
#pragma once

#include "projections/projection.hpp"

namespace sluice::projections {

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
