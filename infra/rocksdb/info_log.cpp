// Formats a RocksDB log line and hands it to infra/log.
#include "infra/rocksdb/info_log.hpp"

#include <cstdarg>
#include <cstdio>

#include "infra/log.hpp"

namespace sluice::infra::rocksdb_adapter {
namespace {

/// RocksDB's lines are short; a longer one is cut rather than allocated for.
constexpr std::size_t line_bytes_max = 1024;

} // namespace

void info_log::Logv(const char* format, va_list ap) {
  Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
}

void info_log::Logv(rocksdb::InfoLogLevel level, const char* format, va_list ap) {
  if (level < GetInfoLogLevel())
    return;
  char line[line_bytes_max];
  std::vsnprintf(line, sizeof line, format, ap);
  log(level >= rocksdb::InfoLogLevel::ERROR_LEVEL ? log_level::error : log_level::warn, "rocksdb",
      line);
}

} // namespace sluice::infra::rocksdb_adapter
