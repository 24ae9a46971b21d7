// State and checkpoint of every projection in one WriteBatch: either both move or neither, which
// is what makes applying an event exactly-once across crashes.
//
// The batch is not fsynced of its own: it shares the write-ahead log with the event log, whose
// next synced append makes it durable too, and RocksDB recovers a prefix of that log. A batch
// lost to a machine crash is lost with its checkpoint, so its events are applied again from the
// log on restart. (An fsync per batch was ~4% of the gateway's CPU under connection churn.)
#include "infra/rocksdb/rocksdb_projection_store.hpp"

#include <map>
#include <rocksdb/write_batch.h>

#include "infra/rocksdb/keys.hpp"

namespace sluice::infra::rocksdb_adapter {
namespace {

/// A row of projection state as stored, without any pending batch.
result<std::optional<std::string>> read_stored(const handles& h, std::size_t space,
                                               std::string_view key) {
  const auto in_use = h.use();
  if (!h.db)
    return errc::unavailable;
  std::string value;
  const auto s = h.db->Get(rocksdb::ReadOptions{}, h.projections[space], key, &value);
  if (s.IsNotFound())
    return std::optional<std::string>{};
  if (!s.ok())
    return errc::io_error;
  return std::optional<std::string>{std::move(value)};
}

/// Pending writes are kept in key order and only the last write of each key reaches RocksDB:
/// under connection churn a batch applies dozens of usage reports to the same few rows (a
/// session's tally, a key's, an hour bucket), and each put into RocksDB costs a memtable
/// insert. Writing in key order also lets the memtable reuse its insert position.
class tx final : public projection_tx {
public:
  tx(handles& h, std::size_t space) : h_(h), space_(space) {
  }

  result<std::optional<std::string>> get(std::string_view key) override {
    if (const auto pending = writes_.find(key); pending != writes_.end())
      return pending->second;
    return read_stored(h_, space_, key);
  }
  void put(std::string_view key, std::string_view value) override {
    write(key, std::string{value});
  }
  void erase(std::string_view key) override {
    write(key, std::nullopt);
  }
  void set_checkpoint(std::string_view projection, std::uint64_t seq) override {
    checkpoints_.insert_or_assign(std::string{projection}, seq);
  }
  std::uint64_t write_count() const override {
    return write_count_;
  }
  status commit() override {
    const auto in_use = h_.use(); // The batch names families by their handles' ids.
    if (!h_.db)
      return errc::unavailable;
    rocksdb::WriteBatch batch;
    for (const auto& [key, value] : writes_) {
      const auto s = value ? batch.Put(h_.projections[space_], key, *value)
                           : batch.Delete(h_.projections[space_], key);
      if (!s.ok())
        return errc::io_error;
    }
    for (const auto& [projection, seq] : checkpoints_) {
      if (!batch.Put(h_.checkpoints[space_], projection, be64(seq)).ok())
        return errc::io_error;
    }
    if (const auto s = h_.db->Write(rocksdb::WriteOptions{}, &batch); !s.ok())
      return h_.write_failed(s);
    writes_.clear();
    checkpoints_.clear();
    return {};
  }

private:
  void write(std::string_view key, std::optional<std::string> value) {
    ++write_count_;
    if (auto pending = writes_.find(key); pending != writes_.end()) {
      pending->second = std::move(value);
      return;
    }
    writes_.emplace(std::string{key}, std::move(value));
  }

  handles& h_;
  std::size_t space_;
  /// Absent value: erased.
  std::map<std::string, std::optional<std::string>, std::less<>> writes_;
  std::map<std::string, std::uint64_t, std::less<>> checkpoints_;
  std::uint64_t write_count_ = 0;
};

} // namespace

std::unique_ptr<projection_tx> rocksdb_projection_store::begin() {
  return std::make_unique<tx>(h_, space_);
}

result<std::uint64_t> rocksdb_projection_store::checkpoint(std::string_view projection) const {
  const auto in_use = h_.use();
  if (!h_.db)
    return errc::unavailable;
  std::string value;
  const auto s = h_.db->Get(rocksdb::ReadOptions{}, h_.checkpoints[space_], projection, &value);
  if (s.IsNotFound())
    return std::uint64_t{0};
  if (!s.ok())
    return errc::io_error;
  if (value.size() != 8)
    return errc::corrupt_data;
  return from_be64(value);
}

result<std::optional<std::string>> rocksdb_projection_store::get(std::string_view key) const {
  return read_stored(h_, space_, key);
}

result<std::vector<std::pair<std::string, std::string>>>
rocksdb_projection_store::scan(std::string_view prefix, std::string_view start_after,
                               std::size_t max_count) const {
  std::vector<std::pair<std::string, std::string>> out;
  const auto in_use = h_.use();
  if (!h_.db)
    return errc::unavailable;
  std::unique_ptr<rocksdb::Iterator> it(
    h_.db->NewIterator(rocksdb::ReadOptions{}, h_.projections[space_]));
  // Start inside the prefix even when `start_after` sorts before it.
  if (start_after.empty() || start_after < prefix) {
    it->Seek(prefix);
  } else {
    it->Seek(start_after);
    if (it->Valid() && it->key().ToStringView() == start_after)
      it->Next();
  }
  for (; it->Valid() && out.size() < max_count; it->Next()) {
    const auto key = it->key().ToStringView();
    if (!key.starts_with(prefix))
      break;
    out.emplace_back(std::string{key}, it->value().ToString());
  }
  if (!it->status().ok())
    return errc::io_error;
  return out;
}

} // namespace sluice::infra::rocksdb_adapter
