// The query string of a request target: "a=1&b=x%20y" -> {a: "1", b: "x y"}.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http/server/types.hpp"

namespace sluice::http {

/// Later duplicates win; malformed percent escapes are kept as written.
std::map<std::string, std::string> query_params(const request& req);

/// A non-negative decimal integer, all of `text`; nullopt otherwise (signs, spaces, overflow).
std::optional<std::uint64_t> parse_count(std::string_view text);

/// "YYYY-MM-DD" to the start of that UTC day; nullopt if not a real date.
std::optional<std::chrono::sys_days> parse_date(std::string_view text);

} // namespace sluice::http
