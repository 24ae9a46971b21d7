// Retry-After (RFC 9110 §10.2.3): delay-seconds, or an IMF-fixdate the delay runs to.
#include <charconv>
#include <ctime>

#include "infra/webhook_sender.hpp"

namespace sluice::infra {

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      events::timestamp now) {
  while (!value.empty() && value.front() == ' ')
    value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ')
    value.remove_suffix(1);
  if (value.empty())
    return std::nullopt;
  if (value.front() >= '0' && value.front() <= '9') {
    std::uint64_t seconds = 0;
    const auto* end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, seconds);
    if (ec != std::errc{} || ptr != end)
      return std::nullopt;
    return std::chrono::seconds{std::min<std::uint64_t>(seconds, 365ULL * 24 * 3600)};
  }
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  std::tm tm{};
  const std::string text{value};
  const char* end = ::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0')
    return std::nullopt;
  const auto at = std::chrono::time_point_cast<std::chrono::milliseconds>(
    std::chrono::system_clock::from_time_t(::timegm(&tm)));
  if (at <= now)
    return std::chrono::seconds{0};
  return std::chrono::duration_cast<std::chrono::seconds>(at - now);
}

} // namespace sluice::infra
