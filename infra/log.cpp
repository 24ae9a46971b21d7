// stderr logger. One fwrite per line under a mutex keeps lines whole across threads.
#include "infra/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include "infra/clock.hpp"

namespace sluice::infra {
namespace {

std::atomic<log_level> threshold{log_level::info};
std::mutex write_mutex;

std::string_view level_name(log_level level) {
  switch (level) {
    case log_level::debug:
      return "DEBUG";
    case log_level::info:
      return "INFO";
    case log_level::warn:
      return "WARN";
    case log_level::error:
      return "ERROR";
  }
  return "?";
}

} // namespace

void set_log_level(log_level level) {
  threshold.store(level);
}

void log(log_level level, std::string_view component, std::string_view message) {
  if (level < threshold.load())
    return;
  static const system_clock wall;
  std::string line = events::format_timestamp(wall.now());
  line += ' ';
  line += level_name(level);
  line += ' ';
  line += component;
  line += ": ";
  line += message;
  line += '\n';
  std::lock_guard lock(write_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

} // namespace sluice::infra
