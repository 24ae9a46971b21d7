// Credit grants and usage reports of an account's open tunnels (DESIGN.md §4), as pure logic the
// account actor drives. Grants live in memory only: a restart forgets them, which is safe because
// unreported usage is never billed. The invariant kept here: the bytes granted and not yet
// reported, over all tunnels, never exceed the wallet, so no report can drive it below zero.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "actors/account/account_state.hpp"
#include "actors/facade/tunnel_commands.hpp"
#include "events/base/result.hpp"

namespace sluice::actors {

struct live_tunnel {
  open_tunnel spec;
  std::string node;
  std::uint64_t outstanding = 0; ///< Granted and not yet reported.
  std::uint64_t last_report = 0; ///< Highest report number applied.
  std::uint64_t last_added = 0;  ///< What that report added: a repeat answers it again.
};

/// The events of one usage report: BytesMetered (the debit), then BalanceLow / BalanceEmpty when
/// the debit crosses those lines. Usage above what the tunnel holds is cut to it: a correct
/// gateway never relays more, and billing more than was granted could overdraw the wallet.
/// A report number already applied decides nothing.
std::vector<events::any_event> decide_usage(const account_state& state, const live_tunnel& tunnel,
                                            const usage_report& report);

class tunnel_ledger {
public:
  /// What may still be granted from a wallet of `balance`: less what open tunnels hold.
  std::uint64_t grantable(std::uint64_t balance) const;

  /// Registers a tunnel holding up to `grant_bytes`. errc::wallet_empty (and nothing
  /// registered) when nothing can be granted; errc::already_exists for a known tunnel id.
  result<std::uint64_t> open(const account_state& state, open_tunnel spec, std::string node,
                             std::uint64_t grant_bytes);

  /// Applies a report that debits `billed` (the wallet is `balance_after` once it has): the
  /// tunnel's holding shrinks by it and, unless `renew` is false or the report is final, is
  /// topped up towards `grant_bytes`. Returns the bytes added. A final report removes the tunnel.
  std::uint64_t settle(std::uint64_t balance_after, const usage_report& report,
                       std::uint64_t billed, bool renew, std::uint64_t grant_bytes);

  const live_tunnel* find(const std::string& tunnel_id) const;
  /// Tunnel ids matching a predicate on the live tunnel.
  template <class Pred>
  std::vector<std::string> select(Pred pred) const {
    std::vector<std::string> out;
    for (const auto& [id, t] : tunnels_) {
      if (pred(t))
        out.push_back(id);
    }
    return out;
  }
  std::uint64_t reserved() const {
    return reserved_;
  }
  std::size_t size() const {
    return tunnels_.size();
  }

private:
  std::map<std::string, live_tunnel> tunnels_;
  std::uint64_t reserved_ = 0;
};

/// Bytes a report bills once cut to what the tunnel holds.
std::uint64_t billable(const live_tunnel& tunnel, const usage_report& report);

} // namespace sluice::actors
