// What the account actor keeps beside its fold, in memory only: the open tunnels with their
// grants, who waits to be told to close, the keys revoked since it started, and whether credit
// is still on its way to the disk.
#pragma once

#include <map>
#include <set>
#include <string>

#include "actors/account/account_state.hpp"
#include "actors/account/metering.hpp"
#include "actors/runtime/event_sourced.hpp"

namespace sluice::actors {

struct account_live {
  tunnel_ledger ledger;
  std::map<std::string, caf::response_promise> watchers; ///< By tunnel id.
  std::map<std::string, std::string> closing;            ///< Tunnel id -> reason, until final.
  std::set<std::string> revoked_keys;
  /// Appends that add credit (a wallet credit, a purchase, a key's cap raised or tally reset)
  /// not yet durable. A grant may be drawn on them only once they are: until then, opening a
  /// tunnel waits. Debits in flight need no wait: a grant against a lower wallet is safe.
  int credits_in_flight = 0;

  /// An account with open tunnels is never retired for idleness.
  bool busy() const {
    return ledger.size() > 0 || !watchers.empty();
  }
};

using account_traits = fold_traits<account_state, &account_from_snapshot, account_live>;
using account_self = es_actor<account_traits>*;

/// Counts the command just committed as credit in flight until it is durable.
inline void track_credit(account_self self) {
  ++self->state.live.credits_in_flight;
  es_after_durable(self, [self](std::error_code) { --self->state.live.credits_in_flight; });
}

} // namespace sluice::actors
