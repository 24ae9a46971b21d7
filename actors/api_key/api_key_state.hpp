// The fold of an API-key stream.
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "actors/facade/commands.hpp"
#include "events/catalogue.hpp"

namespace sluice::actors {

/// The key's cap and tally are not here: they live in its account's fold (account_state::keys),
/// beside the wallet they are granted against.
struct api_key_state {
  std::string key_id;
  std::string account_id;
  std::string family;
  std::string label;
  std::string prefix;
  std::string secret_sha256;
  std::string secret_sealed;
  std::optional<std::uint64_t> serial; ///< `rv_` keys: the integer id the reseller face shows.
  bool revoked = false;
  events::timestamp created_at{};
  std::uint64_t version = 0;

  bool exists() const {
    return !key_id.empty();
  }
};
BOOST_DESCRIBE_STRUCT(api_key_state, (),
                      (key_id, account_id, family, label, prefix, secret_sha256, secret_sealed,
                       serial, revoked, created_at, version))

void evolve(api_key_state& state, const events::any_event& event, events::timestamp ts);

/// Without quota_bytes and used_bytes, which only the account knows.
api_key_view view(const api_key_state& state);

std::string to_snapshot(const api_key_state& state);
result<api_key_state> api_key_from_snapshot(std::string_view text);

} // namespace sluice::actors
