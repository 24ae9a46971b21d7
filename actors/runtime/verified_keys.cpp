#include "actors/runtime/verified_keys.hpp"

#include <mutex>

#include "infra/crypto.hpp"

namespace sluice::actors {

std::optional<result<api_key_view>> verified_keys::check(const std::string& key_id,
                                                         const key_credentials& creds) const {
  // Hashed before the lock: the lock is held for a lookup and a copy only.
  const auto presented = infra::sha256_hex(creds.secret);
  std::shared_lock lock(mutex_);
  const auto found = entries_.find(key_id);
  if (found == entries_.end())
    return std::nullopt;
  const auto& e = found->second;
  const bool matches = infra::constant_time_equal(presented, e.secret_sha256);
  if (!matches || e.view.account_id != creds.account_id)
    return result<api_key_view>{errc::unauthorized};
  return result<api_key_view>{e.view};
}

void verified_keys::remember(const api_key_view& key, std::string secret_sha256) {
  std::unique_lock lock(mutex_);
  entries_.insert_or_assign(key.key_id, entry{key, std::move(secret_sha256)});
}

void verified_keys::forget(const std::string& key_id) {
  std::unique_lock lock(mutex_);
  entries_.erase(key_id);
}

} // namespace sluice::actors
