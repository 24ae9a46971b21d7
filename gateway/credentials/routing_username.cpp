// Token by token: '-' separates parts and appears in no part.
#include "gateway/credentials/routing_username.hpp"

#include <vector>

namespace sluice::gateway {
namespace {

constexpr std::size_t session_chars_max = 64;
constexpr std::size_t account_chars_max = 64;
constexpr std::size_t service_chars_max = 32;

bool all_of_set(std::string_view s, bool underscore) {
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (underscore && c == '_');
    if (!ok)
      return false;
  }
  return !s.empty();
}

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto dash = text.find('-');
    parts.push_back(text.substr(0, dash));
    if (dash == std::string_view::npos)
      return parts;
    text.remove_prefix(dash + 1);
  }
}

} // namespace

std::optional<routing> parse_routing_username(std::string_view prefix, std::string_view text) {
  if (prefix.empty() || !text.starts_with(prefix) || text.size() <= prefix.size()
      || text[prefix.size()] != '-') {
    return std::nullopt;
  }
  const auto parts = split(text.substr(prefix.size() + 1));
  if (parts.size() != 5 && parts.size() != 7)
    return std::nullopt;
  if (parts[1] != "session" || parts[3] != "country")
    return std::nullopt;
  routing r{std::string{parts[0]}, std::string{parts[2]}, std::string{parts[4]}, {}};
  if (!all_of_set(r.account, true) || r.account.size() > account_chars_max
      || !all_of_set(r.session, true) || r.session.size() > session_chars_max
      || r.country.size() != 2 || !all_of_set(r.country, false)
      || !(r.country[0] >= 'a' && r.country[1] >= 'a')) {
    return std::nullopt;
  }
  if (parts.size() == 7) {
    if (parts[5] != "service" || !all_of_set(parts[6], true)
        || parts[6].size() > service_chars_max) {
      return std::nullopt;
    }
    r.service = std::string{parts[6]};
  }
  return r;
}

} // namespace sluice::gateway
