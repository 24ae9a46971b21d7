// Fold of webhook registrations into per-account listings.
#include "projections/webhooks.hpp"

#include <boost/json.hpp>

#include "events/catalogue.hpp"

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
    boost::json::array names;
    for (const auto& e : r->events)
      names.emplace_back(e);
    tx.put(listing_key(r->account_id, r->webhook_id),
           boost::json::serialize(
             boost::json::object{{"id", r->webhook_id},
                                 {"url", r->url},
                                 {"events", std::move(names)},
                                 {"active", true},
                                 {"created_at", events::format_timestamp(event.ts)}}));
  } else if (const auto* d = std::get_if<events::webhook_deleted>(&*decoded)) {
    tx.erase(listing_key(d->account_id, d->webhook_id));
  } else if (const auto* x = std::get_if<events::webhook_disabled>(&*decoded)) {
    const auto key = listing_key(x->account_id, x->webhook_id);
    auto row = tx.get(key);
    if (!row)
      return row.error();
    if (!*row)
      return {}; // Deleted meanwhile.
    boost::system::error_code ec;
    auto v = boost::json::parse(**row, ec);
    if (ec || !v.is_object())
      return errc::corrupt_data;
    v.as_object()["active"] = false;
    tx.put(key, boost::json::serialize(v));
  }
  return {};
}

} // namespace sluice::projections
