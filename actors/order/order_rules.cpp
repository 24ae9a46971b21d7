// Order rules: pure functions of the fold, the command and the catalogue.
#include "actors/order/order_rules.hpp"

#include <algorithm>

namespace sluice::actors {

std::chrono::milliseconds period_length(const std::string& period_type,
                                        std::uint32_t period_duration,
                                        std::chrono::milliseconds unit) {
  std::int64_t hours = 1;
  if (period_type == "day") {
    hours = 24;
  } else if (period_type == "week") {
    hours = 168;
  } else if (period_type == "month") {
    hours = 720; // The catalogue's month is 30 days.
  }
  return unit * hours * static_cast<std::int64_t>(period_duration);
}

result<std::vector<events::any_event>>
decide_create_order(const order_state& state, std::uint64_t order_id, const create_order& cmd,
                    const lease_catalogue& catalogue, const std::string& currency) {
  if (state.exists())
    return errc::already_exists;
  const auto product = std::find_if(catalogue.products.begin(), catalogue.products.end(),
                                    [&](const auto& p) { return p.id == cmd.product_id; });
  if (product == catalogue.products.end())
    return errc::not_found;
  const auto tier = std::find_if(product->pricing.begin(), product->pricing.end(),
                                 [&](const auto& t) { return t.id == cmd.pricing_id; });
  if (tier == product->pricing.end())
    return errc::not_found;
  events::order_created created;
  created.order_id = order_id;
  created.account_id = cmd.account_id;
  created.product_id = product->id;
  created.pricing_id = tier->id;
  created.product_name = product->name;
  created.pricing_label = tier->label;
  created.amount_minor = tier->price_minor;
  created.currency = currency;
  created.period_type = tier->period_type;
  created.period_duration = tier->period_duration;
  created.period_ms = period_length(tier->period_type, tier->period_duration,
                                    catalogue.dedicated.period_unit)
                        .count();
  created.connection_type = product->connection_type;
  created.max_leases = product->max_leases;
  created.locations = product->locations;
  return std::vector<events::any_event>{created};
}

lease_request lease_request_of(const order_state& s) {
  lease_request r;
  r.order_id = s.order_id;
  r.account_id = s.account_id;
  r.product_id = s.product_id;
  r.connection_type = s.connection_type;
  r.max_leases = s.max_leases;
  r.locations = s.locations;
  r.amount_minor = s.amount_minor;
  r.period_ms = s.period_ms;
  return r;
}

status check_payable(const order_state& state) {
  if (state.status == "pending_payment" || state.status == "paid")
    return {};
  return errc::wrong_state;
}

std::vector<events::any_event> decide_activate(const order_state& state, const proxy_view& lease) {
  std::vector<events::any_event> out;
  if (state.status == "pending_payment")
    out.emplace_back(events::order_paid{state.order_id, state.account_id, state.amount_minor});
  out.emplace_back(events::order_activated{state.order_id, state.account_id, lease.proxy_id,
                                           events::format_timestamp(lease.expires_at)});
  return out;
}

status check_order_owner(const order_state& state, const std::string& account_id) {
  if (!state.exists() || state.account_id != account_id)
    return errc::not_found;
  return {};
}

} // namespace sluice::actors
