// Fold of webhook registrations into per-account listings.
#include "projections/webhooks.hpp"

#include "events/catalogue.hpp"
#include "events/record_codec.hpp"

namespace sluice::projections {

std::string webhooks::listing_prefix(std::string_view account_id) {
  return std::string{projection_name} + "/by_account/" + std::string{account_id} + "/";
}

std::string webhooks::listing_key(std::string_view account_id, std::string_view webhook_id) {
  return listing_prefix(account_id) + std::string{webhook_id};
}

status webhooks::apply(const events::envelope& event, infra::projection_tx& tx) {
  if (event.type != events::webhook_registered::type && event.type != events::webhook_deleted::type
      && event.type != events::webhook_disabled::type) {
    return {};
  }
  auto decoded = events::decode(event);
  if (!decoded)
    return decoded.error();
  if (const auto* r = std::get_if<events::webhook_registered>(&*decoded)) {
    const webhook_listing_row row{r->webhook_id, r->url, r->events, true,
                                  events::format_timestamp(event.ts)};
    tx.put(listing_key(r->account_id, r->webhook_id), events::encode_record(row));
  } else if (const auto* d = std::get_if<events::webhook_deleted>(&*decoded)) {
    tx.erase(listing_key(d->account_id, d->webhook_id));
  } else if (const auto* x = std::get_if<events::webhook_disabled>(&*decoded)) {
    const auto key = listing_key(x->account_id, x->webhook_id);
    auto row = tx.get(key);
    if (!row)
      return row.error();
    if (!*row)
      return {}; // Deleted meanwhile.
    auto listed = events::decode_record<webhook_listing_row>(**row);
    if (!listed)
      return listed.error();
    listed->active = false;
    tx.put(key, events::encode_record(*listed));
  }
  return {};
}

} // namespace sluice::projections
