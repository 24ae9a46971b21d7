// What the account actor keeps beside its fold, in memory only: the open tunnels with their
// grants, the ones being opened, the ones ordered closed, and the keys revoked since it started.
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
  /// Tunnels whose session binding is being asked for. One the gateway gave up on (its final
  /// report came first) is dropped here, and the binding's late answer opens nothing.
  std::set<std::string> opening;
  std::map<std::string, std::string> closing; ///< Tunnel id -> reason, until final.
  std::set<std::string> revoked_keys;
  /// Appends in flight (by es token) that only debit usage: a grant need not wait for them.
  std::set<std::uint64_t> debit_tokens;
  /// Open tunnel id -> when its session last heard of its use (opening it counts).
  std::map<std::string, events::timestamp> use_told;

  /// An account with open tunnels is never retired for idleness.
  bool busy() const {
    return ledger.size() > 0 || !opening.empty();
  }
};

using account_traits = fold_traits<account_state, &account_from_snapshot, account_live>;
using account_self = es_actor<account_traits>*;

} // namespace sluice::actors
