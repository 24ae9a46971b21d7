// Fold of account_by_email.
#include "projections/account_by_email.hpp"

#include "events/catalogue.hpp"

namespace sluice::projections {

std::string account_by_email::key(std::string_view email) {
  return std::string{projection_name} + "/" + std::string{email};
}

status account_by_email::apply(const events::envelope& event, infra::projection_tx& tx) {
  if (event.type != events::email_claimed::type)
    return {};
  auto decoded = events::decode(event);
  if (!decoded)
    return decoded.error();
  const auto& claimed = std::get<events::email_claimed>(*decoded);
  tx.put(key(claimed.email), claimed.account_id);
  return {};
}

} // namespace sluice::projections
