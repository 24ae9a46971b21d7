// The fold of a payment stream ("payment/{checkout_id}").
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "actors/facade/commands.hpp"
#include "events/catalogue.hpp"

namespace sluice::actors {

struct payment_state {
  std::string checkout_id;
  std::string account_id;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::int64_t price_per_tb_minor = 0;
  std::uint64_t traffic_bytes = 0;
  bool completed = false;
  events::timestamp created_at{};
  std::optional<events::timestamp> completed_at;
  std::uint64_t version = 0;

  bool exists() const {
    return !checkout_id.empty();
  }
};
BOOST_DESCRIBE_STRUCT(payment_state, (),
                      (checkout_id, account_id, amount_minor, currency, price_per_tb_minor,
                       traffic_bytes, completed, created_at, completed_at, version))

void evolve(payment_state& state, const events::any_event& event, events::timestamp ts);

checkout_view view(const payment_state& state);

std::string to_snapshot(const payment_state& state);
result<payment_state> payment_from_snapshot(std::string_view text);

} // namespace sluice::actors
