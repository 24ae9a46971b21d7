// Fold of the API-key read models. The listing entry is the one record of a key; the by-hash
// entry mirrors the fields authentication needs and is rewritten with it.
#include "projections/api_keys.hpp"

#include <boost/json.hpp>

#include "events/catalogue.hpp"

namespace sluice::projections {
namespace {

status update_listing(infra::projection_tx& tx, const std::string& account_id,
                      const std::string& key_id,
                      const std::function<void(boost::json::object&)>& change) {
  const auto key = api_keys::listing_key(account_id, key_id);
  auto stored = tx.get(key);
  if (!stored)
    return stored.error();
  // An event for a key this model never saw minted means the log and the model disagree.
  if (!*stored)
    return errc::corrupt_data;
  boost::system::error_code ec;
  auto v = boost::json::parse(**stored, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  auto& record = v.as_object();
  change(record);
  tx.put(key, boost::json::serialize(record));
  const auto* sha = record.if_contains("secret_sha256");
  if (sha == nullptr || !sha->is_string())
    return errc::corrupt_data;
  tx.put(api_keys::by_hash_key(sha->as_string()),
         boost::json::serialize(boost::json::object{{"key_id", key_id},
                                                    {"account_id", account_id},
                                                    {"family", record["family"]},
                                                    {"revoked", record["revoked"]}}));
  return {};
}

/// Changes the listing of a key if this model has seen it minted. The account records a cap
/// given at minting before the key exists (and a crash between the two leaves a cap for a key
/// that never does), so cap and tally events of unknown keys are not a disagreement.
status update_if_known(infra::projection_tx& tx, const std::string& account_id,
                       const std::string& key_id,
                       const std::function<void(boost::json::object&)>& change) {
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
  return update_if_known(tx, m.account, m.key_id, [&](boost::json::object& o) {
    std::uint64_t used = 0;
    if (const auto* u = o.if_contains("used_bytes"); u != nullptr && u->is_number()) {
      used = u->to_number<std::uint64_t>();
    }
    o["used_bytes"] = used + m.bytes_up + m.bytes_down;
    o["last_used_at"] = events::format_timestamp(ts);
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
    boost::json::object record{{"id", m->key_id},
                               {"label", m->label},
                               {"prefix", m->prefix},
                               {"family", m->family},
                               {"secret_sha256", m->secret_sha256},
                               {"used_bytes", 0},
                               {"revoked", false},
                               {"last_used_at", nullptr},
                               {"created_at", events::format_timestamp(event.ts)}};
    record["quota_bytes"] = m->quota_bytes ? boost::json::value(*m->quota_bytes) : nullptr;
    tx.put(listing_key(m->account_id, m->key_id), boost::json::serialize(record));
    tx.put(by_hash_key(m->secret_sha256),
           boost::json::serialize(boost::json::object{{"key_id", m->key_id},
                                                      {"account_id", m->account_id},
                                                      {"family", m->family},
                                                      {"revoked", false}}));
    return {};
  }
  if (const auto* r = std::get_if<events::api_key_revoked>(&*decoded)) {
    return update_listing(tx, r->account_id, r->key_id, [](auto& o) { o["revoked"] = true; });
  }
  if (const auto* q = std::get_if<events::api_key_quota_set>(&*decoded)) {
    return update_if_known(tx, q->account_id, q->key_id, [&](auto& o) {
      o["quota_bytes"] = q->quota_bytes ? boost::json::value(*q->quota_bytes) : nullptr;
    });
  }
  if (const auto* u = std::get_if<events::api_key_usage_reset>(&*decoded)) {
    return update_if_known(tx, u->account_id, u->key_id, [](auto& o) { o["used_bytes"] = 0; });
  }
  if (const auto* m = std::get_if<events::bytes_metered>(&*decoded)) {
    return apply_metered(*m, event.ts, tx);
  }
  return {};
}

} // namespace sluice::projections
