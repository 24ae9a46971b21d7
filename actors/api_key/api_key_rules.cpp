// Rules of the API-key aggregate.
#include "actors/api_key/api_key_rules.hpp"

#include <algorithm>

#include "infra/crypto.hpp"

namespace sluice::actors {
namespace {

constexpr std::size_t label_bytes_max = 128;
/// Characters of the secret shown in listings: the family plus four (seed 000 §08 "prefix").
constexpr std::size_t prefix_secret_chars = 4;

bool known_family(const std::string& f) {
  return f == "sk_live_" || f == "rv_" || f == "rk_";
}

constexpr std::string_view key_id_prefix = "key_";
constexpr std::size_t key_id_chars = 16;
constexpr std::string_view families[] = {"sk_live_", "rv_", "rk_"};

} // namespace

std::string make_secret(const std::string& family, const std::string& key_id,
                        const std::string& random_part) {
  return family + key_id.substr(key_id_prefix.size()) + random_part;
}

std::string key_id_of_secret(std::string_view secret) {
  for (const auto family : families) {
    if (!secret.starts_with(family))
      continue;
    auto rest = secret.substr(family.size());
    if (rest.size() < key_id_chars)
      return {};
    auto id = rest.substr(0, key_id_chars);
    const bool plain = std::all_of(id.begin(), id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
    return plain ? std::string(key_id_prefix) + std::string(id) : std::string{};
  }
  return {};
}

status check_secret(const api_key_state& state, const key_credentials& creds) {
  const bool matches = infra::constant_time_equal(infra::sha256_hex(creds.secret),
                                                  state.secret_sha256);
  if (!state.exists() || state.account_id != creds.account_id || state.revoked || !matches)
    return errc::unauthorized;
  return {};
}

status check_owner(const api_key_state& state, const std::string& account_id) {
  if (!state.exists() || state.account_id != account_id)
    return errc::not_found;
  return {};
}

result<std::vector<events::any_event>> decide_mint(const api_key_state& state,
                                                   const mint_api_key& cmd, const key_material& m,
                                                   std::optional<std::uint64_t> serial) {
  if (state.exists())
    return errc::already_exists;
  if (!known_family(cmd.family) || cmd.label.size() > label_bytes_max || cmd.account_id.empty()
      || !m.secret.starts_with(cmd.family)) {
    return errc::invalid_argument;
  }
  const auto prefix = m.secret.substr(0, cmd.family.size() + prefix_secret_chars);
  return std::vector<events::any_event>{
    events::api_key_minted{m.key_id, cmd.account_id, cmd.family, cmd.label, prefix,
                           infra::sha256_hex(m.secret), m.secret_sealed, cmd.quota_bytes,
                           serial}};
}

result<std::vector<events::any_event>> decide_revoke(const api_key_state& state,
                                                     const api_key_ref& ref) {
  if (auto owned = check_owner(state, ref.account_id); !owned)
    return owned.error();
  if (state.revoked)
    return std::vector<events::any_event>{};
  return std::vector<events::any_event>{events::api_key_revoked{state.key_id, state.account_id}};
}

status check_quota_change(const api_key_state& state, const set_api_key_quota& cmd) {
  if (auto owned = check_owner(state, cmd.account_id); !owned)
    return owned;
  if (state.revoked)
    return errc::revoked;
  return {};
}

} // namespace sluice::actors
