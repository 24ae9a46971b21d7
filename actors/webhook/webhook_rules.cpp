// Rules of the webhook aggregate.
#include "actors/webhook/webhook_rules.hpp"

#include <algorithm>

namespace sluice::actors {
namespace {

constexpr std::size_t url_bytes_max = 2048;

} // namespace

bool known_webhook_event(const std::string& name) {
  return std::find(webhook_event_names.begin(), webhook_event_names.end(), name)
         != webhook_event_names.end();
}

result<std::vector<events::any_event>>
decide_register(const webhook_state& state, const std::string& webhook_id,
                const register_webhook& cmd, const std::string& secret_sealed) {
  if (state.exists())
    return errc::already_exists;
  if (cmd.account_id.empty() || cmd.url.empty() || cmd.url.size() > url_bytes_max
      || cmd.events.empty()) {
    return errc::invalid_argument;
  }
  std::vector<std::string> names;
  for (const auto& e : cmd.events) {
    if (!known_webhook_event(e))
      return errc::invalid_argument;
    if (std::find(names.begin(), names.end(), e) == names.end())
      names.push_back(e);
  }
  return std::vector<events::any_event>{
    events::webhook_registered{webhook_id, cmd.account_id, cmd.url, names, secret_sealed}};
}

result<std::vector<events::any_event>> decide_delete(const webhook_state& state,
                                                     const webhook_ref& ref) {
  if (!state.exists() || state.deleted || state.account_id != ref.account_id)
    return errc::not_found;
  return std::vector<events::any_event>{
    events::webhook_deleted{state.webhook_id, state.account_id}};
}

result<std::vector<events::any_event>> decide_disable(const webhook_state& state,
                                                      const disable_webhook& cmd) {
  if (!state.exists() || state.deleted)
    return errc::not_found;
  if (state.disabled)
    return std::vector<events::any_event>{};
  return std::vector<events::any_event>{
    events::webhook_disabled{state.webhook_id, state.account_id, cmd.reason, cmd.delivery_id}};
}

} // namespace sluice::actors
