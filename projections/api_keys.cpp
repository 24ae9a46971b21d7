// Fold of the API-key read models. The listing row is the one record of a key; the by-hash row
// mirrors the fields authentication needs and is rewritten with it.
#include "projections/api_keys.hpp"

#include <functional>

#include "events/catalogue.hpp"
#include "events/record_codec.hpp"

namespace sluice::projections {
namespace {

void put_owner(infra::projection_tx& tx, const std::string& account_id,
               const key_listing_row& row) {
  tx.put(api_keys::by_hash_key(row.secret_sha256),
         events::encode_record(key_owner_row{row.id, account_id, row.family, row.revoked}));
}

status update_listing(infra::projection_tx& tx, const std::string& account_id,
                      const std::string& key_id,
                      const std::function<void(key_listing_row&)>& change) {
  const auto key = api_keys::listing_key(account_id, key_id);
  auto stored = tx.get(key);
  if (!stored)
    return stored.error();
  // An event for a key this model never saw minted means the log and the model disagree.
  if (!*stored)
    return errc::corrupt_data;
  auto row = events::decode_record<key_listing_row>(**stored);
  if (!row)
    return row.error();
  change(*row);
  tx.put(key, events::encode_record(*row));
  put_owner(tx, account_id, *row);
  return {};
}

/// Changes the listing of a key if this model has seen it minted. The account records a cap
/// given at minting before the key exists (and a crash between the two leaves a cap for a key
/// that never does), so cap and tally events of unknown keys are not a disagreement.
status update_if_known(infra::projection_tx& tx, const std::string& account_id,
                       const std::string& key_id,
                       const std::function<void(key_listing_row&)>& change) {
  auto known = tx.get(api_keys::listing_key(account_id, key_id));
  if (!known)
    return known.error();
  if (!*known)
    return {};
  return update_listing(tx, account_id, key_id, change);
}

/// The key's tally since its last reset, and when it was last used. Usage reported under a key
/// this model never saw (none, or another account's) is the account's alone: no key to tally.
status apply_metered(const events::bytes_metered& m, events::timestamp ts,
                     infra::projection_tx& tx) {
  if (m.key_id.empty())
    return {};
  return update_if_known(tx, m.account, m.key_id, [&](key_listing_row& row) {
    row.used_bytes += m.bytes_up + m.bytes_down;
    row.last_used_at = events::format_timestamp(ts);
  });
}

} // namespace

std::string api_keys::by_hash_key(std::string_view secret_sha256) {
  return std::string{projection_name} + "/by_hash/" + std::string{secret_sha256};
}
std::string api_keys::listing_prefix(std::string_view account_id) {
  return std::string{projection_name} + "/by_account/" + std::string{account_id} + "/";
}
std::string api_keys::listing_key(std::string_view account_id, std::string_view key_id) {
  return listing_prefix(account_id) + std::string{key_id};
}

status api_keys::apply(const events::envelope& event, infra::projection_tx& tx) {
  const auto& t = event.type;
  if (t != events::api_key_minted::type && t != events::api_key_revoked::type
      && t != events::api_key_quota_set::type && t != events::api_key_usage_reset::type
      && t != events::bytes_metered::type) {
    return {};
  }
  auto decoded = events::decode(event);
  if (!decoded)
    return decoded.error();
  if (const auto* m = std::get_if<events::api_key_minted>(&*decoded)) {
    const key_listing_row row{m->key_id,     m->label,         m->prefix,
                              m->family,     m->secret_sha256, 0,
                              false,         std::nullopt,     events::format_timestamp(event.ts),
                              m->quota_bytes, m->serial};
    tx.put(listing_key(m->account_id, m->key_id), events::encode_record(row));
    put_owner(tx, m->account_id, row);
    return {};
  }
  if (const auto* r = std::get_if<events::api_key_revoked>(&*decoded)) {
    return update_listing(tx, r->account_id, r->key_id, [](auto& row) { row.revoked = true; });
  }
  if (const auto* q = std::get_if<events::api_key_quota_set>(&*decoded)) {
    return update_if_known(tx, q->account_id, q->key_id,
                           [&](auto& row) { row.quota_bytes = q->quota_bytes; });
  }
  if (const auto* u = std::get_if<events::api_key_usage_reset>(&*decoded)) {
    return update_if_known(tx, u->account_id, u->key_id, [](auto& row) { row.used_bytes = 0; });
  }
  if (const auto* m = std::get_if<events::bytes_metered>(&*decoded)) {
    return apply_metered(*m, event.ts, tx);
  }
  return {};
}

} // namespace sluice::projections
