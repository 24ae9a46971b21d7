// Decoding of read-model records for the query API.
#include "projections/facade/queries.hpp"

#include <charconv>
#include <cstdlib>

#include "events/record_codec.hpp"
#include "projections/account_by_email.hpp"
#include "projections/api_keys.hpp"
#include "projections/node_sessions.hpp"
#include "projections/sessions.hpp"
#include "projections/webhook_deliveries.hpp"
#include "projections/webhooks.hpp"

namespace sluice::projections {

result<std::optional<std::string>> queries::account_by_email(std::string_view email) const {
  return store_.get(account_by_email::key(email));
}

result<std::optional<key_owner>> queries::key_by_secret_hash(std::string_view sha) const {
  auto stored = store_.get(api_keys::by_hash_key(sha));
  if (!stored)
    return stored.error();
  if (!*stored)
    return std::optional<key_owner>{};
  auto row = events::decode_record<key_owner_row>(**stored);
  if (!row)
    return row.error();
  return std::optional<key_owner>{key_owner{std::move(row->key_id), std::move(row->account_id),
                                            std::move(row->family), row->revoked}};
}

namespace {

result<key_listing_entry> parse_key_entry(std::string_view value) {
  auto row = events::decode_record<key_listing_row>(value);
  if (!row)
    return row.error();
  return key_listing_entry{
    std::move(row->id),     std::move(row->label),      std::move(row->prefix),
    std::move(row->family), row->quota_bytes,           row->used_bytes,
    row->revoked,           std::move(row->created_at), std::move(row->last_used_at),
    row->serial};
}

result<webhook_listing_entry> parse_webhook_entry(std::string_view value) {
  auto row = events::decode_record<webhook_listing_row>(value);
  if (!row)
    return row.error();
  return webhook_listing_entry{std::move(row->id), std::move(row->url), std::move(row->events),
                               row->active, std::move(row->created_at)};
}

result<delivery_attempt_entry> parse_attempt_entry(std::string_view value) {
  auto row = events::decode_record<delivery_attempt_row>(value);
  if (!row)
    return row.error();
  return delivery_attempt_entry{std::move(row->id),
                                std::move(row->event),
                                row->success,
                                row->response_status,
                                std::move(row->attempted_at),
                                row->duration_ms,
                                std::move(row->error),
                                row->attempt,
                                row->manual};
}

result<session_listing_entry> parse_session_entry(std::string_view value) {
  auto row = events::decode_record<session_row>(value);
  if (!row)
    return row.error();
  return session_listing_entry{std::move(row->session),
                               std::move(row->country),
                               std::move(row->service),
                               std::move(row->node),
                               std::move(row->bound_at),
                               std::move(row->last_active_at),
                               row->bytes};
}

} // namespace

result<std::vector<key_listing_entry>> queries::keys_of_account(std::string_view account_id,
                                                                std::size_t max_count) const {
  auto rows = store_.scan(api_keys::listing_prefix(account_id), {}, max_count);
  if (!rows)
    return rows.error();
  std::vector<key_listing_entry> out;
  out.reserve(rows->size());
  for (const auto& [key, value] : *rows) {
    auto e = parse_key_entry(value);
    if (!e)
      return e.error();
    out.push_back(std::move(*e));
  }
  return out;
}

result<std::optional<key_listing_entry>> queries::key_of_account(std::string_view account_id,
                                                                 std::string_view key_id) const {
  auto stored = store_.get(api_keys::listing_key(account_id, key_id));
  if (!stored)
    return stored.error();
  if (!*stored)
    return std::optional<key_listing_entry>{};
  auto e = parse_key_entry(**stored);
  if (!e)
    return e.error();
  return std::optional<key_listing_entry>{std::move(*e)};
}

result<std::vector<webhook_listing_entry>>
queries::webhooks_of_account(std::string_view account_id, std::size_t max_count) const {
  auto rows = store_.scan(webhooks::listing_prefix(account_id), {}, max_count);
  if (!rows)
    return rows.error();
  std::vector<webhook_listing_entry> out;
  out.reserve(rows->size());
  for (const auto& [key, value] : *rows) {
    auto e = parse_webhook_entry(value);
    if (!e)
      return e.error();
    out.push_back(std::move(*e));
  }
  return out;
}

result<std::vector<session_listing_entry>>
queries::sessions_of_account(std::string_view account_id) const {
  auto bound
    = bound_sessions_under(node_sessions::binding_prefix() + std::string{account_id} + "/");
  if (!bound)
    return bound.error();
  std::vector<session_listing_entry> out;
  out.reserve(bound->size());
  for (auto& b : *bound)
    out.push_back(std::move(b.session));
  return out;
}

result<std::vector<bound_session_entry>> queries::bound_sessions() const {
  return bound_sessions_under(node_sessions::binding_prefix());
}

result<std::vector<bound_session_entry>>
queries::bound_sessions_under(const std::string& prefix) const {
  // node_sessions keeps a row per binding only while it lasts, so this reads the bound sessions
  // and not every session ever bound; each one's last use comes from its `sessions` row.
  constexpr std::size_t sessions_max = 100'000'000;
  const auto bindings = node_sessions::binding_prefix();
  auto rows = store_.scan(prefix, {}, sessions_max);
  if (!rows)
    return rows.error();
  std::vector<bound_session_entry> out;
  out.reserve(rows->size());
  for (const auto& [key, node] : *rows) {
    // "{account}/{session}/{country}": none of the three holds a '/'.
    const std::string_view rest = std::string_view{key}.substr(bindings.size());
    const auto first = rest.find('/');
    const auto second = first == std::string_view::npos ? first : rest.find('/', first + 1);
    if (second == std::string_view::npos)
      return errc::corrupt_data;
    const auto account = rest.substr(0, first);
    auto row = store_.get(sessions::listing_key(account, rest.substr(first + 1, second - first - 1),
                                                rest.substr(second + 1)));
    if (!row)
      return row.error();
    if (!*row)
      continue; // Not in `sessions` (yet): it expires at its next use instead.
    auto e = parse_session_entry(**row);
    if (!e)
      return e.error();
    out.push_back({std::string{account}, std::move(*e)});
  }
  return out;
}

result<std::map<std::string, std::uint64_t>> queries::sessions_by_node() const {
  // One row per node holding sessions: as many as the configuration ever named.
  constexpr std::size_t nodes_max = 1'000'000;
  const auto prefix = node_sessions::count_prefix();
  auto rows = store_.scan(prefix, {}, nodes_max);
  if (!rows)
    return rows.error();
  std::map<std::string, std::uint64_t> out;
  for (const auto& [key, value] : *rows) {
    std::uint64_t count = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), count);
    if (ec != std::errc{} || end != value.data() + value.size())
      return errc::corrupt_data;
    out[key.substr(prefix.size())] = count;
  }
  return out;
}

result<std::optional<webhook_listing_entry>>
queries::webhook_of_account(std::string_view account_id, std::string_view webhook_id) const {
  auto row = store_.get(webhooks::listing_key(account_id, webhook_id));
  if (!row)
    return row.error();
  if (!*row)
    return std::optional<webhook_listing_entry>{};
  auto e = parse_webhook_entry(**row);
  if (!e)
    return e.error();
  return std::optional<webhook_listing_entry>{std::move(*e)};
}

result<delivery_attempt_page> queries::delivery_attempts(std::string_view webhook_id,
                                                         std::size_t limit,
                                                         std::size_t offset) const {
  delivery_attempt_page page;
  auto count = store_.get(webhook_deliveries::count_key(webhook_id));
  if (!count)
    return count.error();
  if (*count)
    page.total = std::strtoull((*count)->c_str(), nullptr, 10);
  if (offset >= page.total || limit == 0)
    return page;
  auto rows = store_.scan(webhook_deliveries::rows_prefix(webhook_id), {}, offset + limit);
  if (!rows)
    return rows.error();
  for (std::size_t i = offset; i < rows->size(); ++i) {
    auto e = parse_attempt_entry((*rows)[i].second);
    if (!e)
      return e.error();
    page.attempts.push_back(std::move(*e));
  }
  return page;
}

} // namespace sluice::projections
