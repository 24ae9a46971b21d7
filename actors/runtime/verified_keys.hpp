// Keys whose secret their actor has checked, so that the facade answers a tunnel's key check
// without a message: one per connection under churn, where the round trip through the bridge,
// the key directory and the key actor was the largest part of authenticating.
//
// Only a key's own actor writes its entry: it remembers the key after a successful check, once
// durable and still unrevoked, and forgets it as soon as it decides to revoke it (before the
// revocation is durable, like its own check). So an entry never says more than the actor would.
// Minting cannot change an existing key, and revoking is final: nothing else needs to be seen.
#pragma once

#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "actors/facade/commands.hpp"
#include "actors/facade/tunnel_commands.hpp"
#include "events/base/result.hpp"

namespace sluice::actors {

class verified_keys {
public:
  /// The outcome the key's actor would give, if it is known here: the view when the secret and
  /// account match, errc::unauthorized when they do not. Nullopt: ask the actor.
  std::optional<result<api_key_view>> check(const std::string& key_id,
                                            const key_credentials& creds) const;
  /// From the key's actor only.
  void remember(const api_key_view& key, std::string secret_sha256);
  void forget(const std::string& key_id);

private:
  struct entry {
    api_key_view view;
    std::string secret_sha256;
  };
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
};

} // namespace sluice::actors
