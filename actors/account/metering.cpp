// Grants and usage reports: pure arithmetic over the account fold and the live tunnels.
#include "actors/account/metering.hpp"

#include <algorithm>

namespace sluice::actors {

namespace {

struct cut_usage {
  std::uint64_t up = 0;
  std::uint64_t down = 0;
};

/// The report's usage cut to what the tunnel holds, upload first.
cut_usage cut_to_grant(const live_tunnel& tunnel, const usage_report& report) {
  const auto up = std::min(report.bytes_up, tunnel.outstanding);
  return {up, std::min(report.bytes_down, tunnel.outstanding - up)};
}

} // namespace

std::uint64_t billable(const live_tunnel& tunnel, const usage_report& report) {
  const auto cut = cut_to_grant(tunnel, report);
  return cut.up + cut.down;
}

std::vector<events::any_event> decide_usage(const account_state& state, const live_tunnel& tunnel,
                                            const usage_report& report) {
  std::vector<events::any_event> out;
  if (report.report <= tunnel.last_report)
    return out;
  const auto [up, down] = cut_to_grant(tunnel, report);
  if (up + down == 0)
    return out;
  const auto& s = tunnel.spec;
  out.emplace_back(events::bytes_metered{state.account_id, s.key_id, s.session, s.country,
                                         s.service, tunnel.node, s.tunnel_id, report.report, up,
                                         down});
  const auto after = state.traffic_bytes - std::min(state.traffic_bytes, up + down);
  if (state.low_armed && after < balance_low_bytes)
    out.emplace_back(events::balance_low{state.account_id, after});
  if (state.empty_armed && after == 0)
    out.emplace_back(events::balance_empty{state.account_id});
  return out;
}

std::uint64_t tunnel_ledger::grantable(std::uint64_t balance) const {
  return balance - std::min(balance, reserved_);
}

result<std::uint64_t> tunnel_ledger::open(const account_state& state, open_tunnel spec,
                                          std::string node, std::uint64_t grant_bytes) {
  if (tunnels_.contains(spec.tunnel_id))
    return errc::already_exists;
  const auto granted = std::min(grant_bytes, grantable(state.traffic_bytes));
  if (granted == 0)
    return errc::wallet_empty;
  auto id = spec.tunnel_id;
  tunnels_.emplace(std::move(id), live_tunnel{std::move(spec), std::move(node), granted, 0});
  reserved_ += granted;
  return granted;
}

std::uint64_t tunnel_ledger::settle(std::uint64_t balance_after, const usage_report& report,
                                    std::uint64_t billed, bool renew, std::uint64_t grant_bytes) {
  auto it = tunnels_.find(report.tunnel_id);
  if (it == tunnels_.end())
    return 0;
  auto& t = it->second;
  if (report.final) {
    reserved_ -= t.outstanding; // What it billed and what it held unused, together.
    tunnels_.erase(it);
    return 0;
  }
  if (report.report < t.last_report)
    return 0;
  if (report.report == t.last_report)
    return t.last_added; // The answer was lost (a timeout): the same grant, not a new one.
  t.outstanding -= billed;
  reserved_ -= billed;
  t.last_report = report.report;
  t.last_added = 0;
  if (!renew || t.outstanding >= grant_bytes)
    return 0;
  const auto added = std::min(grant_bytes - t.outstanding, grantable(balance_after));
  t.outstanding += added;
  reserved_ += added;
  t.last_added = added;
  return added;
}

const live_tunnel* tunnel_ledger::find(const std::string& tunnel_id) const {
  auto it = tunnels_.find(tunnel_id);
  return it == tunnels_.end() ? nullptr : &it->second;
}

} // namespace sluice::actors
