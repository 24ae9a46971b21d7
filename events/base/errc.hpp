// The one error-code enum of sluice (house style §4.5) and its std::error_category.
// Every layer returns these inside result<T>; http/errors.cpp and gateway/socks5/reply.cpp map
// them.
#pragma once

#include <cstdint>
#include <string>
#include <system_error>

namespace sluice {

/// Operating errors. Values are stable: they travel inside CAF errors and are logged.
enum class errc : std::uint8_t {
  ok = 0,
  invalid_argument = 1, ///< Malformed input from a caller; nothing was changed.
  not_found = 2,        ///< No such object, or it belongs to another tenant.
  already_exists = 3,   ///< A uniqueness rule refused the command (email taken).
  version_conflict = 4, ///< Append with a stale expected stream version; nothing written.
  io_error = 5,         ///< The storage engine failed; the command's outcome is unknown.
  corrupt_data = 6,     ///< Stored bytes did not decode; never silently skipped.
  shutting_down = 7,    ///< The component is stopping and accepts no new work.
  timeout = 8,          ///< A deadline passed before an answer came.
  revoked = 9,          ///< The API key was revoked.
  wallet_empty = 10,    ///< Not enough balance for the command.
  quota_exceeded = 11,  ///< The API key's quota is used up.
  unauthorized = 12,    ///< Credentials missing or wrong.
  forbidden = 13,       ///< Authenticated but not allowed.
  locked = 14,          ///< The data directory is held by a running server.
  config_invalid = 15,  ///< The configuration file or environment has a bad key or value.
  unavailable = 16,     ///< A dependency (actor, log) is not reachable right now.
  limit_reached = 17,   ///< A cap on concurrent use (open tunnels of an account) is reached.
  sold_out = 18,        ///< No exit node or port is free for what was asked.
  wrong_state = 19,     ///< The object is not in a state that allows the command.
};

/// The category named "sluice"; messages are short English phrases.
const std::error_category& sluice_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), sluice_category()};
}

} // namespace sluice

template <>
struct std::is_error_code_enum<sluice::errc> : std::true_type {};
