// The open RocksDB database and its column families, shared by the log and projection stores.
#pragma once

#include <rocksdb/db.h>

#include <array>
#include <memory>

namespace sluice::infra::rocksdb_adapter {

struct handles {
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* streams = nullptr;
  rocksdb::ColumnFamilyHandle* snapshots = nullptr;
  /// Index 0: live space, 1: replay space.
  std::array<rocksdb::ColumnFamilyHandle*, 2> projections{};
  std::array<rocksdb::ColumnFamilyHandle*, 2> checkpoints{};
  rocksdb::ColumnFamilyHandle* cursors = nullptr; ///< Null for a follower of an older log.
};

} // namespace sluice::infra::rocksdb_adapter
