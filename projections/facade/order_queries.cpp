// Order lookups of the query facade.
#include <limits>

#include "events/record_codec.hpp"
#include "projections/facade/queries.hpp"
#include "projections/orders.hpp"

namespace sluice::projections {
namespace {

result<order_entry> parse_order_entry(std::string_view value) {
  auto row = events::decode_record<order_row>(value);
  if (!row)
    return row.error();
  return order_entry{row->id,           std::move(row->product_name), std::move(row->pricing_label),
                     row->amount_minor, std::move(row->status),       std::move(row->created_at),
                     row->proxy_id,     std::move(row->expires_at)};
}

} // namespace

result<order_page> queries::orders_of_account(std::string_view account_id, std::string_view status,
                                              std::size_t limit, std::size_t offset) const {
  auto rows = store_.scan(orders::listing_prefix(account_id), {},
                          std::numeric_limits<std::size_t>::max());
  if (!rows)
    return rows.error();
  order_page page;
  for (auto i = rows->rbegin(); i != rows->rend(); ++i) {
    auto row = parse_order_entry(i->second);
    if (!row)
      return row.error();
    if (!status.empty() && row->status != status)
      continue;
    if (page.total >= offset && page.orders.size() < limit)
      page.orders.push_back(std::move(*row));
    ++page.total;
  }
  return page;
}

result<std::optional<order_entry>> queries::order_of_account(std::string_view account_id,
                                                             std::uint64_t order_id) const {
  auto stored = store_.get(orders::listing_key(account_id, order_id));
  if (!stored)
    return stored.error();
  if (!*stored)
    return std::optional<order_entry>{};
  auto entry = parse_order_entry(**stored);
  if (!entry)
    return entry.error();
  return std::optional<order_entry>{std::move(*entry)};
}

} // namespace sluice::projections
