// Pure decisions of the API-key aggregate. Every command names its account: a key of another
// account is errc::not_found (tenant isolation), never a hint that the key exists.
#pragma once

#include <vector>

#include "actors/api_key/api_key_state.hpp"
#include "actors/facade/tunnel_commands.hpp"
#include "events/base/result.hpp"

namespace sluice::actors {

/// The secret material of a new key, produced by the actor shell (randomness, sealing).
struct key_material {
  std::string key_id;
  std::string secret;
  std::string secret_sealed;
};

/// errc::already_exists if the key id is taken; errc::invalid_argument for an unknown family or
/// a label over 128 bytes. `serial`: the key's integer id, for the faces that number keys.
result<std::vector<events::any_event>> decide_mint(const api_key_state& state,
                                                   const mint_api_key& cmd,
                                                   const key_material& material,
                                                   std::optional<std::uint64_t> serial);

/// Revoking a revoked key gives no events.
result<std::vector<events::any_event>> decide_revoke(const api_key_state& state,
                                                     const api_key_ref& ref);

/// Whether the key may have its cap or tally changed (the account records the change):
/// errc::not_found for another account's key, errc::revoked for a revoked one.
status check_quota_change(const api_key_state& state, const set_api_key_quota& cmd);

/// A secret is the family, the key id's 16 characters after "key_", then 40 random characters:
/// the gateway finds the key from the password alone, without an index of hashes.
std::string make_secret(const std::string& family, const std::string& key_id,
                        const std::string& random_part);
/// The key id a secret names, or empty if it is not of that form.
std::string key_id_of_secret(std::string_view secret);

/// errc::unauthorized unless the key exists, belongs to `creds.account_id`, is not revoked and
/// `creds.secret` hashes to its stored hash (compared in constant time).
status check_secret(const api_key_state& state, const key_credentials& creds);

/// errc::not_found unless the key exists and belongs to `account_id`.
status check_owner(const api_key_state& state, const std::string& account_id);

} // namespace sluice::actors
