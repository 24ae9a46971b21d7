// Credit grants and usage reports of an account's open tunnels (DESIGN.md §4), as pure logic the
// account actor drives. Grants live in memory only: a restart forgets them, which is safe because
// unreported usage is never billed. The invariant kept here: the bytes granted and not yet
// reported, over all tunnels, never exceed the wallet, so no report can drive it below zero.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
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

/// What the account's numbers allow one key before open grants are subtracted: the wallet and,
/// for a capped key, what its cap has left.
struct allowance {
  std::uint64_t wallet = 0;
  std::optional<std::uint64_t> key;
};

/// The allowance of `key_id` once `billed` more bytes are debited on it.
allowance allowance_after(const account_state& state, const std::string& key_id,
                          std::uint64_t billed = 0);

class tunnel_ledger {
public:
  /// What may still be granted to a tunnel of `key_id`: the allowance less what open tunnels
  /// hold (all of them against the wallet, the key's own against its cap).
  std::uint64_t grantable(const allowance& a, const std::string& key_id) const;

  /// Why nothing can be granted to a tunnel of `key_id` (errc::wallet_empty before
  /// errc::quota_exceeded), or success when something can.
  status refusal(const account_state& state, const std::string& key_id) const;

  /// Registers a tunnel holding up to `grant_bytes`. errc::wallet_empty or errc::quota_exceeded
  /// (and nothing registered) when nothing can be granted; errc::already_exists for a known id.
  result<std::uint64_t> open(const account_state& state, open_tunnel spec, std::string node,
                             std::uint64_t grant_bytes);

  /// Applies a report that debits `billed` (leaving allowance `after`): the tunnel's holding
  /// shrinks by it and, unless `renew` is false or the report is final, is topped up towards
  /// renewal_target(). Returns the bytes added. A final report removes the tunnel.
  std::uint64_t settle(const allowance& after, const usage_report& report, std::uint64_t billed,
                       bool renew, std::uint64_t grant_bytes);

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
  /// What the open tunnels of `key_id` hold.
  std::uint64_t held_by_key(const std::string& key_id) const {
    auto it = reserved_by_key_.find(key_id);
    return it == reserved_by_key_.end() ? 0 : it->second;
  }
  std::size_t size() const {
    return tunnels_.size();
  }

private:
  void reserve(const std::string& key_id, std::uint64_t bytes);
  void unreserve(const std::string& key_id, std::uint64_t bytes);

  std::map<std::string, live_tunnel> tunnels_;
  std::uint64_t reserved_ = 0;
  std::map<std::string, std::uint64_t> reserved_by_key_; ///< Only keys holding something.
};

/// How far a grant may grow past `grant_bytes` for a fast tunnel: at 32 a 2.3 GB/s stream
/// reported every 16 MiB, and those durable reports cost ~8% of the gateway's CPU per GB.
inline constexpr std::uint64_t grant_growth_max = 256;

/// What a tunnel should hold after a report that billed `billed`: `grant_bytes` for a slow one;
/// for one that used much of its grant since the last report, four times that (so a tunnel that
/// reports at half its grant doubles it), up to `grant_growth_max` grants. The renewal must come
/// back (a durable append) before the tunnel spends what it holds, so a fast tunnel needs more
/// than `grant_bytes` in hand; a slow one, and the bytes a crash can leave unbilled, stay small.
std::uint64_t renewal_target(std::uint64_t billed, std::uint64_t grant_bytes);

/// Bytes a report bills once cut to what the tunnel holds.
std::uint64_t billable(const live_tunnel& tunnel, const usage_report& report);

} // namespace sluice::actors
