// Order lookups of the query facade.
#include <limits>

#include "events/record_codec.hpp"
#include "projections/facade/queries.hpp"

namespace sluice::projections {

result<order_page> queries::orders_of_account(std::string_view account_id, std::string_view status,
                                              std::size_t limit, std::size_t offset) const {
  auto rows = store_.scan(orders::listing_prefix(account_id), {},
                          std::numeric_limits<std::size_t>::max());
  if (!rows)
    return rows.error();
  order_page page;
  for (auto i = rows->rbegin(); i != rows->rend(); ++i) {
    auto row = events::decode_record<order_row>(i->second);
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

result<std::optional<order_row>> queries::order_of_account(std::string_view account_id,
                                                           std::uint64_t order_id) const {
  auto stored = store_.get(orders::listing_key(account_id, order_id));
  if (!stored)
    return stored.error();
  if (!*stored)
    return std::optional<order_row>{};
  auto row = events::decode_record<order_row>(**stored);
  if (!row)
    return row.error();
  return std::optional<order_row>{std::move(*row)};
}

} // namespace sluice::projections
