#include "infra/email_address.hpp"

namespace sluice::infra {

result<std::string> normalize_email(std::string_view email) {
  const auto at = email.find('@');
  if (email.empty() || email.size() > email_bytes_max || at == 0 || at == std::string_view::npos
      || at + 1 == email.size() || email.find('@', at + 1) != std::string_view::npos) {
    return errc::invalid_argument;
  }
  std::string out;
  out.reserve(email.size());
  for (const char c : email) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '/')
      return errc::invalid_argument;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

} // namespace sluice::infra
