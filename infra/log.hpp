// The process log: one line per entry on stderr ("2026-11-23T10:00:00.123Z INFO http: ..."), so
// stdout stays free for data (DESIGN.md §5: logs to stderr, data to stdout). Thread-safe.
#pragma once

#include <string_view>

namespace sluice::infra {

enum class log_level { debug, info, warn, error };

/// Entries below `level` are dropped; the default is info.
void set_log_level(log_level level);

void log(log_level level, std::string_view component, std::string_view message);

inline void log_info(std::string_view component, std::string_view message) {
  log(log_level::info, component, message);
}
inline void log_warn(std::string_view component, std::string_view message) {
  log(log_level::warn, component, message);
}
inline void log_error(std::string_view component, std::string_view message) {
  log(log_level::error, component, message);
}

} // namespace sluice::infra
