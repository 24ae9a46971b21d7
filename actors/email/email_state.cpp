// Email registry fold, rule and normalisation.
#include "actors/email/email_state.hpp"

#include <boost/json.hpp>

#include "events/record_codec.hpp"

namespace sluice::actors {

void evolve(email_state& state, const events::any_event& event, events::timestamp) {
  ++state.version;
  if (const auto* c = std::get_if<events::email_claimed>(&event)) {
    state.email = c->email;
    state.account_id = c->account_id;
  }
}

result<std::vector<events::any_event>>
decide_claim(const email_state& state, const std::string& email, const std::string& account_id) {
  if (!state.account_id.empty())
    return errc::already_exists;
  return std::vector<events::any_event>{events::email_claimed{email, account_id}};
}

std::string to_snapshot(const email_state& s) {
  return events::encode_record(s);
}

result<email_state> email_from_snapshot(std::string_view text) {
  return events::decode_record<email_state>(text);
}

} // namespace sluice::actors
