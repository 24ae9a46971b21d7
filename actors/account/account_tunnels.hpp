// The account actor's side of the gateway (DESIGN.md §4): open a tunnel (bind its session,
// reserve the first grant), apply usage reports (BytesMetered is the debit; the grant is renewed),
// and tell open tunnels to close when their key is revoked or reaches its cap, the wallet empties
// or their session is discarded (through the runtime's tunnel_watch, not a message). Each key's cap
// and tally live here too, so that one grant is decided against both. Protocol, added to the
// account actor's:
//   (open_atom, open_tunnel)         -> tunnel_opened   errc::wallet_empty, quota_exceeded,
//                                                       revoked, unavailable
//   (report_atom, usage_report)      -> grant_renewal   errc::not_found: tunnel unknown
//   (report_batch_atom, usage_batch) -> usage_batch_answer  each report as report_atom would
//   (key_revoked_atom, std::string)  -> void            from the key actor, once durable
//   (release_atom, release_session)  -> session_view    rotate / discard
//   (quota_atom, set_api_key_quota)  -> api_key_view    from the key actor: only key id, account,
//                                                       quota_bytes and used_bytes are set
#pragma once

#include "actors/account/account_live.hpp"

namespace sluice::actors {

caf::result<tunnel_opened> open_account_tunnel(account_self self, const open_tunnel& command);
caf::result<grant_renewal> apply_usage_report(account_self self, const usage_report& report);
caf::result<usage_batch_answer> apply_usage_batch(account_self self, const usage_batch& batch);
void close_key_tunnels(account_self self, const std::string& key_id);
caf::result<api_key_view> set_key_quota(account_self self, const set_api_key_quota& command);
caf::result<session_view> release_account_session(account_self self,
                                                  const release_session& command);

} // namespace sluice::actors
