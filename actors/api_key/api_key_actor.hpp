// The API-key actor: one per key id, behind the api_keys directory. Protocol:
//   (mint_atom, mint_api_key)         -> minted_api_key  errc::not_found (no such account)
//   (caf::get_atom, api_key_ref)      -> api_key_view    errc::not_found (absent or foreign)
//   (revoke_atom, api_key_ref)        -> api_key_view
//   (quota_atom, set_api_key_quota)   -> api_key_view    errc::revoked
// Only the mint and quota answers carry quota_bytes and used_bytes (from the account actor).
#pragma once

#include <memory>
#include <string>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

caf::actor spawn_api_key(caf::event_based_actor* directory, const std::string& key_id,
                         std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
