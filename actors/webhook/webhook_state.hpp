// The fold of a webhook stream ("webhook/{id}").
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "actors/facade/commands.hpp"
#include "events/catalogue.hpp"

namespace sluice::actors {

struct webhook_state {
  std::string webhook_id;
  std::string account_id;
  std::string url;
  std::vector<std::string> events;
  std::string secret_sealed;
  bool deleted = false;
  bool disabled = false; ///< A receiver answered 410 Gone; nothing more is sent.
  events::timestamp created_at{};
  std::uint64_t version = 0;

  bool exists() const {
    return !webhook_id.empty();
  }
};
BOOST_DESCRIBE_STRUCT(webhook_state, (),
                      (webhook_id, account_id, url, events, secret_sealed, deleted, disabled,
                       created_at, version))

void evolve(webhook_state& state, const events::any_event& event, events::timestamp ts);

webhook_view view(const webhook_state& state);

std::string to_snapshot(const webhook_state& state);
result<webhook_state> webhook_from_snapshot(std::string_view text);

} // namespace sluice::actors
