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

std::uint64_t renewal_target(std::uint64_t billed, std::uint64_t grant_bytes) {
  return std::clamp(billed * 4, grant_bytes, grant_bytes * grant_growth_max);
}

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

allowance allowance_after(const account_state& state, const std::string& key_id,
                          std::uint64_t billed) {
  allowance a{state.traffic_bytes - std::min(state.traffic_bytes, billed), std::nullopt};
  if (auto left = allowance_of(state, key_id).remaining())
    a.key = *left - std::min(*left, billed);
  return a;
}

std::uint64_t tunnel_ledger::grantable(const allowance& a, const std::string& key_id) const {
  const auto wallet = a.wallet - std::min(a.wallet, reserved_);
  if (!a.key)
    return wallet;
  return std::min(wallet, *a.key - std::min(*a.key, held_by_key(key_id)));
}

status tunnel_ledger::refusal(const account_state& state, const std::string& key_id) const {
  const auto a = allowance_after(state, key_id);
  if (grantable({a.wallet, std::nullopt}, key_id) == 0)
    return errc::wallet_empty;
  if (grantable(a, key_id) == 0)
    return errc::quota_exceeded;
  return {};
}

result<std::uint64_t> tunnel_ledger::open(const account_state& state, open_tunnel spec,
                                          std::string node, std::uint64_t grant_bytes) {
  if (tunnels_.contains(spec.tunnel_id))
    return errc::already_exists;
  if (auto refused = refusal(state, spec.key_id); !refused)
    return refused.error();
  const auto granted = std::min(grant_bytes,
                                grantable(allowance_after(state, spec.key_id), spec.key_id));
  reserve(spec.key_id, granted);
  auto id = spec.tunnel_id;
  tunnels_.emplace(std::move(id), live_tunnel{std::move(spec), std::move(node), granted, 0});
  return granted;
}

std::uint64_t tunnel_ledger::settle(const allowance& after, const usage_report& report,
                                    std::uint64_t billed, bool renew, std::uint64_t grant_bytes) {
  auto it = tunnels_.find(report.tunnel_id);
  if (it == tunnels_.end())
    return 0;
  auto& t = it->second;
  if (report.final) {
    unreserve(t.spec.key_id, t.outstanding); // What it billed and what it held unused.
    tunnels_.erase(it);
    return 0;
  }
  if (report.report < t.last_report)
    return 0;
  if (report.report == t.last_report)
    return t.last_added; // The answer was lost (a timeout): the same grant, not a new one.
  t.outstanding -= billed;
  unreserve(t.spec.key_id, billed);
  t.last_report = report.report;
  t.last_added = 0;
  const auto target = renewal_target(billed, grant_bytes);
  if (!renew || t.outstanding >= target)
    return 0;
  const auto added = std::min(target - t.outstanding, grantable(after, t.spec.key_id));
  t.outstanding += added;
  reserve(t.spec.key_id, added);
  t.last_added = added;
  return added;
}

void tunnel_ledger::reserve(const std::string& key_id, std::uint64_t bytes) {
  reserved_ += bytes;
  if (bytes > 0)
    reserved_by_key_[key_id] += bytes;
}

void tunnel_ledger::unreserve(const std::string& key_id, std::uint64_t bytes) {
  reserved_ -= bytes;
  auto it = reserved_by_key_.find(key_id);
  if (it == reserved_by_key_.end())
    return;
  it->second -= std::min(it->second, bytes);
  if (it->second == 0)
    reserved_by_key_.erase(it);
}

const live_tunnel* tunnel_ledger::find(const std::string& tunnel_id) const {
  auto it = tunnels_.find(tunnel_id);
  return it == tunnels_.end() ? nullptr : &it->second;
}

} // namespace sluice::actors
