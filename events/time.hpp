// UTC timestamps with millisecond precision, written as RFC 3339 "2026-11-23T10:00:00.123Z".
// The envelope's `ts` uses this form, so it must round-trip exactly.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::events {

using timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

/// Formats as "YYYY-MM-DDTHH:MM:SS.mmmZ" (always 24 characters).
std::string format_timestamp(timestamp ts);

/// Parses exactly the form format_timestamp writes; anything else is nullopt.
std::optional<timestamp> parse_timestamp(std::string_view text);

/// A range bound given by a person: "YYYY-MM-DD" (a whole day: its start as a lower bound, the
/// next day's start as an exclusive upper bound) or a timestamp in format_timestamp's form.
std::optional<timestamp> parse_time_bound(std::string_view text, bool upper);

} // namespace sluice::events
