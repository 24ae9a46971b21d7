// Pure decisions of the API-key aggregate. Every command names its account: a key of another
// account is errc::not_found (tenant isolation), never a hint that the key exists.
#pragma once

#include <vector>

#include "actors/api_key/api_key_state.hpp"
#include "events/base/result.hpp"

namespace sluice::actors {

/// The secret material of a new key, produced by the actor shell (randomness, sealing).
struct key_material {
  std::string key_id;
  std::string secret;
  std::string secret_sealed;
};

/// errc::already_exists if the key id is taken; errc::invalid_argument for an unknown family or
/// a label over 128 bytes.
result<std::vector<events::any_event>>
decide_mint(const api_key_state& state, const mint_api_key& cmd, const key_material& material);

/// Revoking a revoked key gives no events.
result<std::vector<events::any_event>> decide_revoke(const api_key_state& state,
                                                     const api_key_ref& ref);

/// errc::revoked for a revoked key.
result<std::vector<events::any_event>> decide_set_quota(const api_key_state& state,
                                                        const set_api_key_quota& cmd);

/// errc::not_found unless the key exists and belongs to `account_id`.
status check_owner(const api_key_state& state, const std::string& account_id);

} // namespace sluice::actors
