// The fold of an email-registry stream ("email/{lowercase email}"): who owns the address.
#pragma once

#include <boost/describe/class.hpp>
#include <string>

#include "events/base/result.hpp"
#include "events/catalogue.hpp"

namespace sluice::actors {

struct email_state {
  std::string email;
  std::string account_id; ///< Empty: unclaimed.
  std::uint64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(email_state, (), (email, account_id, version))

void evolve(email_state& state, const events::any_event& event, events::timestamp ts);

/// errc::already_exists if claimed (DESIGN.md §1: uniqueness is kept by an actor).
result<std::vector<events::any_event>>
decide_claim(const email_state& state, const std::string& email, const std::string& account_id);

std::string to_snapshot(const email_state& state);
result<email_state> email_from_snapshot(std::string_view text);

} // namespace sluice::actors
