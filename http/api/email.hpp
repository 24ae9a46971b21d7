// Email addresses as every face takes them (sign-up, login, an operator's search).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice::http {

inline constexpr std::size_t email_bytes_max = 254;

/// Lowercase, one '@' with something on both sides, no spaces or controls, at most 254 bytes.
/// Deliverability is not ours to judge.
std::optional<std::string> normalized_email(std::string_view text);

} // namespace sluice::http
