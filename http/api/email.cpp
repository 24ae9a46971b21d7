#include "http/api/email.hpp"

#include <cctype>

namespace sluice::http {

std::optional<std::string> normalized_email(std::string_view text) {
  const auto at = text.find('@');
  if (text.size() > email_bytes_max || at == 0 || at == std::string_view::npos
      || at + 1 >= text.size() || text.find('@', at + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string out;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return std::nullopt;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

} // namespace sluice::http
