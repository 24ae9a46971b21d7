// Hard caps of the REST faces (house style §4.8).
#pragma once

#include <chrono>
#include <cstddef>

namespace sluice::http::limits {

inline constexpr std::size_t header_bytes_max = 16 * 1024;
/// Request bodies are small JSON documents; anything larger is refused with 413.
inline constexpr std::size_t body_bytes_max = 1024 * 1024;
/// Deadline for reading a request's body (its headers have `[http] header_timeout`) and for
/// writing one response.
inline constexpr std::chrono::seconds io_timeout{30};

static_assert(header_bytes_max < body_bytes_max);

} // namespace sluice::http::limits
