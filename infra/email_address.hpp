// Email addresses as sluice keys them: the REST faces check them at sign-up and login, and the
// email registry (actors/email) claims them under this form, so both read an address alike.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "events/base/result.hpp"

namespace sluice::infra {

/// RFC 5321's path limit.
inline constexpr std::size_t email_bytes_max = 254;

/// ASCII-lowercased; errc::invalid_argument unless it looks like local@domain, is at most 254
/// bytes and holds no control character, space or '/' (an email is part of a stream id).
/// Deliverability is not ours to judge.
result<std::string> normalize_email(std::string_view email);

} // namespace sluice::infra
