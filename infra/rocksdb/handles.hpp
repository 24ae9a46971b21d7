// The open RocksDB database and its column families, shared by the log and projection stores,
// and the gate that lets the storage reopen it after a write failed (a full disk) while the
// server runs: every use holds the gate shared, a reopen holds it alone.
#pragma once

#include <rocksdb/db.h>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "events/base/errc.hpp"
#include "infra/log.hpp"

namespace sluice::infra::rocksdb_adapter {

struct handles {
  std::unique_ptr<rocksdb::DB> db; ///< Null while a reopen has not succeeded yet.
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* streams = nullptr;
  rocksdb::ColumnFamilyHandle* snapshots = nullptr;
  /// Index 0: live space, 1: replay space.
  std::array<rocksdb::ColumnFamilyHandle*, 2> projections{};
  std::array<rocksdb::ColumnFamilyHandle*, 2> checkpoints{};
  rocksdb::ColumnFamilyHandle* cursors = nullptr; ///< Null for a follower of an older log.

  /// Held shared for each use of the members above; alone by a reopen.
  mutable std::shared_mutex gate;

  std::shared_lock<std::shared_mutex> use() const {
    return std::shared_lock(gate);
  }

  /// Records a write RocksDB refused: once it has, it refuses every write until the database
  /// is reopened (storage's recovery does that). The errc to answer: errc::unavailable for a
  /// full disk, which passes once space is freed; errc::io_error for anything else.
  errc write_failed(const rocksdb::Status& s) {
    {
      std::lock_guard lock(failure_mutex_);
      if (!failed_) {
        first_failure_ = s.ToString();
        log_error("storage", "a write failed (" + first_failure_
                               + "); appends are refused until the database is reopened, "
                                 "which waits for free space in the data directory");
      }
      failed_ = true;
    }
    return s.IsNoSpace() || s.subcode() == rocksdb::Status::kNoSpace ? errc::unavailable
                                                                     : errc::io_error;
  }
  /// The first failure since the last reopen; empty if none.
  std::string failure() const {
    std::lock_guard lock(failure_mutex_);
    return failed_ ? first_failure_ : std::string{};
  }
  void clear_failure() {
    std::lock_guard lock(failure_mutex_);
    failed_ = false;
    first_failure_.clear();
  }

private:
  mutable std::mutex failure_mutex_;
  bool failed_ = false;
  std::string first_failure_;
};

} // namespace sluice::infra::rocksdb_adapter
