// What the account actor keeps beside its fold, in memory only: the open tunnels with their
// grants, the ones ordered closed, and the keys revoked since it started.
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
  std::map<std::string, std::string> closing; ///< Tunnel id -> reason, until final.
  std::set<std::string> revoked_keys;

  /// An account with open tunnels is never retired for idleness.
  bool busy() const {
    return ledger.size() > 0;
  }
};

using account_traits = fold_traits<account_state, &account_from_snapshot, account_live>;
using account_self = es_actor<account_traits>*;

} // namespace sluice::actors
