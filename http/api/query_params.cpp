// Query-string decoding (application/x-www-form-urlencoded rules: '+' is a space).
#include "http/api/query_params.hpp"

#include <charconv>

namespace sluice::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0
               && hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

} // namespace

std::map<std::string, std::string> query_params(const request& req) {
  const std::string_view target{req.target().data(), req.target().size()};
  std::map<std::string, std::string> out;
  const auto q = target.find('?');
  if (q == std::string_view::npos)
    return out;
  auto rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (!pair.empty()) {
      out[decode(pair.substr(0, eq))] = eq == std::string_view::npos ? std::string{}
                                                                     : decode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos)
      break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

std::optional<std::chrono::sys_days> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  const auto* begin = text.data();
  if (std::from_chars(begin, begin + 4, y).ptr != begin + 4
      || std::from_chars(begin + 5, begin + 7, m).ptr != begin + 7
      || std::from_chars(begin + 8, begin + 10, d).ptr != begin + 10) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!ymd.ok())
    return std::nullopt;
  return std::chrono::sys_days{ymd};
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  std::uint64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || ptr != text.data() + text.size())
    return std::nullopt;
  return n;
}

} // namespace sluice::http
