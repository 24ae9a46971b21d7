// The routing username of seed 000 §03: {prefix}-{account}-session-{session}-country-{cc}
// [-service-{svc}]. Pure parsing; whether the account, country and service exist is checked later.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice::gateway {

struct routing {
  std::string account; ///< "u_abc123"
  std::string session; ///< [a-z0-9_]{1,64}
  std::string country; ///< Two lowercase letters.
  std::string service; ///< Empty when the username names none.
};

/// nullopt for anything not of exactly that form (wrong prefix, missing or reordered parts,
/// characters outside the allowed sets, a session longer than 64).
std::optional<routing> parse_routing_username(std::string_view prefix, std::string_view text);

} // namespace sluice::gateway
