// Fold of orders into per-account listings.
#include "projections/orders.hpp"

#include <cstdio>

#include "events/catalogue.hpp"
#include "events/record_codec.hpp"

namespace sluice::projections {
namespace {

/// Rewrites an order's row; an order this read model never saw created is left alone.
template <class Change>
status update(infra::projection_tx& tx, std::string_view account_id, std::uint64_t order_id,
              Change change) {
  const auto key = orders::listing_key(account_id, order_id);
  auto stored = tx.get(key);
  if (!stored)
    return stored.error();
  if (!*stored)
    return {};
  auto row = events::decode_record<order_row>(**stored);
  if (!row)
    return row.error();
  change(*row);
  tx.put(key, events::encode_record(*row));
  return {};
}

} // namespace

std::string orders::listing_prefix(std::string_view account_id) {
  return std::string{projection_name} + "/by_account/" + std::string{account_id} + "/";
}

std::string orders::listing_key(std::string_view account_id, std::uint64_t order_id) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(order_id));
  return listing_prefix(account_id) + digits;
}

status orders::apply(const events::envelope& event, infra::projection_tx& tx) {
  if (event.type != events::order_created::type && event.type != events::order_paid::type
      && event.type != events::order_activated::type && event.type != events::proxy_expired::type) {
    return {};
  }
  auto decoded = events::decode(event);
  if (!decoded)
    return decoded.error();
  if (const auto* c = std::get_if<events::order_created>(&*decoded)) {
    order_row row;
    row.id = c->order_id;
    row.product_id = c->product_id;
    row.pricing_id = c->pricing_id;
    row.product_name = c->product_name;
    row.pricing_label = c->pricing_label;
    row.amount_minor = c->amount_minor;
    row.currency = c->currency;
    row.status = "pending_payment";
    row.created_at = events::format_timestamp(event.ts);
    tx.put(listing_key(c->account_id, c->order_id), events::encode_record(row));
    return {};
  }
  if (const auto* p = std::get_if<events::order_paid>(&*decoded))
    return update(tx, p->account_id, p->order_id, [](order_row& row) { row.status = "paid"; });
  if (const auto* a = std::get_if<events::order_activated>(&*decoded)) {
    return update(tx, a->account_id, a->order_id, [&](order_row& row) {
      // A lease that expired before this event was folded keeps its order expired.
      if (row.status != "expired")
        row.status = "active";
      row.proxy_id = a->proxy_id;
      row.expires_at = a->expires_at;
    });
  }
  if (const auto* x = std::get_if<events::proxy_expired>(&*decoded)) {
    return update(tx, x->account_id, x->order_id, [](order_row& row) { row.status = "expired"; });
  }
  return {};
}

} // namespace sluice::projections
