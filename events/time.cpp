// Timestamp text codec. std::chrono::parse is missing from GCC 12, so digits are read by hand.
#include "events/time.hpp"

#include <array>
#include <cstdio>

namespace sluice::events {
namespace {

// Reads `width` decimal digits at `pos`; returns -1 if any is not a digit.
int read_digits(std::string_view text, std::size_t pos, std::size_t width) {
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9')
      return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

} // namespace

std::string format_timestamp(timestamp ts) {
  using namespace std::chrono;
  const auto day = floor<days>(ts);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> time{ts - day};
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                static_cast<int>(time.subseconds().count()));
  return std::string{text.data()};
}

std::optional<timestamp> parse_timestamp(std::string_view text) {
  using namespace std::chrono;
  // Layout: YYYY-MM-DDTHH:MM:SS.mmmZ
  constexpr std::size_t length = 24;
  if (text.size() != length || text[4] != '-' || text[7] != '-' || text[10] != 'T'
      || text[13] != ':' || text[16] != ':' || text[19] != '.' || text[23] != 'Z') {
    return std::nullopt;
  }
  const int y = read_digits(text, 0, 4);
  const int mo = read_digits(text, 5, 2);
  const int d = read_digits(text, 8, 2);
  const int h = read_digits(text, 11, 2);
  const int mi = read_digits(text, 14, 2);
  const int s = read_digits(text, 17, 2);
  const int ms = read_digits(text, 20, 3);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || ms < 0)
    return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59)
    return std::nullopt;
  return timestamp{sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms}};
}

std::optional<timestamp> parse_time_bound(std::string_view text, bool upper) {
  using namespace std::chrono;
  constexpr std::size_t date_length = 10;
  if (text.size() != date_length)
    return parse_timestamp(text);
  if (text[4] != '-' || text[7] != '-')
    return std::nullopt;
  const int y = read_digits(text, 0, 4);
  const int mo = read_digits(text, 5, 2);
  const int d = read_digits(text, 8, 2);
  if (y < 0 || mo < 0 || d < 0)
    return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok())
    return std::nullopt;
  return timestamp{sys_days{ymd} + days{upper ? 1 : 0}};
}

} // namespace sluice::events
