// Opens the RocksDB database with its column families, as the server (exclusive) or as a
// follower (a RocksDB secondary instance) for the read-only CLI commands that run beside it.
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "infra/rocksdb/group_commit_log.hpp"
#include "infra/rocksdb/keys.hpp"
#include "infra/rocksdb/rocksdb_cursor_store.hpp"
#include "infra/rocksdb/rocksdb_projection_store.hpp"
#include "infra/rocksdb/space_compare.hpp"
#include "infra/storage.hpp"

namespace sluice::infra::rocksdb_adapter {
namespace {

const std::vector<std::string>& required_families() {
  static const std::vector<std::string> names{std::string{rocksdb::kDefaultColumnFamilyName},
                                              std::string{cf_events},
                                              std::string{cf_streams},
                                              std::string{cf_snapshots},
                                              std::string{cf_projections},
                                              std::string{cf_checkpoints},
                                              std::string{cf_replay_projections},
                                              std::string{cf_replay_checkpoints},
                                              std::string{cf_cursors}};
  return names;
}

class rocksdb_storage final : public storage {
public:
  rocksdb_storage(std::unique_ptr<handles> h, std::vector<rocksdb::ColumnFamilyHandle*> all,
                  const clock& clock, bool sync, open_mode mode, std::filesystem::path scratch)
    : h_(std::move(h)),
      all_(std::move(all)),
      mode_(mode),
      scratch_(std::move(scratch)),
      log_(*h_, clock, sync, mode == open_mode::read_write),
      live_(*h_, 0),
      replay_(*h_, 1),
      cursors_(*h_) {
  }

  ~rocksdb_storage() override {
    close();
  }

  event_log& log() override {
    return log_;
  }
  projection_store& projections(projection_space space) override {
    return space == projection_space::live ? static_cast<projection_store&>(live_) : replay_;
  }

  cursor_store& cursors() override {
    return cursors_;
  }

  status reset_replay_space() override {
    if (mode_ != open_mode::read_write)
      return errc::forbidden;
    for (auto** slot : {&h_->projections[1], &h_->checkpoints[1]}) {
      const std::string name = (*slot)->GetName();
      if (!h_->db->DropColumnFamily(*slot).ok())
        return errc::io_error;
      if (!h_->db->DestroyColumnFamilyHandle(*slot).ok())
        return errc::io_error;
      std::erase(all_, *slot);
      rocksdb::ColumnFamilyHandle* fresh = nullptr;
      if (!h_->db->CreateColumnFamily(rocksdb::ColumnFamilyOptions{}, name, &fresh).ok()) {
        return errc::io_error;
      }
      *slot = fresh;
      all_.push_back(fresh);
    }
    return {};
  }

  result<space_comparison> compare_spaces() const override {
    return compare_column_families(*h_);
  }

  status promote_replay_space() override {
    if (mode_ != open_mode::read_write)
      return errc::forbidden;
    rocksdb::WriteBatch batch;
    for (auto* live : {h_->projections[0], h_->checkpoints[0]}) {
      std::unique_ptr<rocksdb::Iterator> it(h_->db->NewIterator(rocksdb::ReadOptions{}, live));
      for (it->SeekToFirst(); it->Valid(); it->Next())
        batch.Delete(live, it->key());
      if (!it->status().ok())
        return errc::io_error;
    }
    for (int i : {0, 1}) {
      auto* from = i == 0 ? h_->projections[1] : h_->checkpoints[1];
      auto* to = i == 0 ? h_->projections[0] : h_->checkpoints[0];
      std::unique_ptr<rocksdb::Iterator> it(h_->db->NewIterator(rocksdb::ReadOptions{}, from));
      for (it->SeekToFirst(); it->Valid(); it->Next())
        batch.Put(to, it->key(), it->value());
      if (!it->status().ok())
        return errc::io_error;
    }
    rocksdb::WriteOptions synced;
    synced.sync = true;
    return h_->db->Write(synced, &batch).ok() ? status{} : status{errc::io_error};
  }

  status catch_up() override {
    if (mode_ != open_mode::follower)
      return {};
    if (!h_->db->TryCatchUpWithPrimary().ok())
      return errc::io_error;
    log_.refresh_last_seq();
    return {};
  }

  void close() override {
    if (!h_->db)
      return;
    log_.close();
    for (auto* cf : all_)
      (void) h_->db->DestroyColumnFamilyHandle(cf);
    all_.clear();
    (void) h_->db->Close();
    h_->db.reset();
    if (!scratch_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_, ignored);
    }
  }

private:
  std::unique_ptr<handles> h_;
  std::vector<rocksdb::ColumnFamilyHandle*> all_;
  open_mode mode_;
  std::filesystem::path scratch_; ///< The follower's private directory, removed on close.
  group_commit_log log_;
  rocksdb_projection_store live_;
  rocksdb_projection_store replay_;
  rocksdb_cursor_store cursors_;
};

// Every family on disk must be opened; the required ones are created if missing.
std::vector<std::string> families_to_open(const std::string& path, bool create) {
  std::vector<std::string> names;
  (void) rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions{}, path, &names);
  for (const auto& n : required_families()) {
    if (!create && n == cf_cursors)
      continue; // A follower cannot create it; a log from before cursors simply has none.
    if (std::find(names.begin(), names.end(), n) == names.end())
      names.push_back(n);
  }
  return names;
}

void bind_handles(handles& h, const std::vector<rocksdb::ColumnFamilyHandle*>& all) {
  for (auto* cf : all) {
    const auto& n = cf->GetName();
    if (n == cf_events)
      h.events = cf;
    if (n == cf_streams)
      h.streams = cf;
    if (n == cf_snapshots)
      h.snapshots = cf;
    if (n == cf_projections)
      h.projections[0] = cf;
    if (n == cf_checkpoints)
      h.checkpoints[0] = cf;
    if (n == cf_replay_projections)
      h.projections[1] = cf;
    if (n == cf_replay_checkpoints)
      h.checkpoints[1] = cf;
    if (n == cf_cursors)
      h.cursors = cf;
  }
}

} // namespace
} // namespace sluice::infra::rocksdb_adapter

namespace sluice::infra {

result<std::unique_ptr<storage>> storage::open(const storage_options& options, const clock& clock,
                                               std::string& error_text) {
  using namespace rocksdb_adapter;
  const auto path = (options.data_dir / "log").string();
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.mode == open_mode::read_write;
  db_options.create_missing_column_families = options.mode == open_mode::read_write;
  db_options.IncreaseParallelism(2);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& n : families_to_open(path, options.mode == open_mode::read_write))
    descriptors.emplace_back(n, rocksdb::ColumnFamilyOptions{});

  auto h = std::make_unique<handles>();
  std::vector<rocksdb::ColumnFamilyHandle*> all;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  std::filesystem::path scratch;
  if (options.mode == open_mode::read_write) {
    std::error_code ec;
    std::filesystem::create_directories(options.data_dir, ec);
    if (ec) {
      error_text = "cannot create data directory " + options.data_dir.string() + ": "
                   + ec.message();
      return errc::io_error;
    }
    s = rocksdb::DB::Open(db_options, path, descriptors, &all, &raw);
  } else {
    if (!std::filesystem::exists(path + "/CURRENT")) {
      error_text = "no event log at " + path;
      return errc::not_found;
    }
    // A secondary instance keeps its own info log; it lives in a private temporary directory.
    scratch = std::filesystem::temp_directory_path()
              / ("sluice-follower-" + std::to_string(::getpid()) + "-"
                 + std::to_string(reinterpret_cast<std::uintptr_t>(h.get())));
    db_options.max_open_files = -1; // Required by secondary instances.
    s = rocksdb::DB::OpenAsSecondary(db_options, path, scratch.string(), descriptors, &all, &raw);
  }
  if (!s.ok()) {
    const bool locked = s.IsIOError() && s.ToString().find("lock") != std::string::npos;
    error_text = locked ? "data directory " + options.data_dir.string()
                            + " is in use by a running sluice server; stop it first"
                        : "cannot open event log at " + path + ": " + s.ToString();
    return locked ? errc::locked : errc::io_error;
  }
  h->db.reset(raw);
  bind_handles(*h, all);
  return std::unique_ptr<storage>(std::make_unique<rocksdb_storage>(
    std::move(h), std::move(all), clock, options.sync, options.mode, std::move(scratch)));
}

} // namespace sluice::infra
