// RocksDB's own log, sent to the process log (stderr) instead of a LOG file in the database
// directory. RocksDB 7.8 writes its LOG file through a WritableFileWriter that aborts the process
// (assert(sync_without_flush_called_)) on the first line after a write to it failed: on a full
// disk, logging the very error it is handling killed the server (issue #20 §2).
#pragma once

#include <rocksdb/env.h>

namespace sluice::infra::rocksdb_adapter {

/// Lines of WARN and above become `rocksdb:` entries of the process log; the rest is dropped.
class info_log final : public rocksdb::Logger {
public:
  info_log() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {
  }

  // rocksdb::Logger
  void Logv(const char* format, va_list ap) override;
  void Logv(rocksdb::InfoLogLevel level, const char* format, va_list ap) override;
};

} // namespace sluice::infra::rocksdb_adapter
