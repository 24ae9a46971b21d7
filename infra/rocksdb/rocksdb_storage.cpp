// Opens the RocksDB database with its column families, as the server (exclusive) or as a
// follower (a RocksDB secondary instance) for the read-only CLI commands that run beside it;
// and, for the server, reopens it after RocksDB refused a write (a full disk), once there is room.
#include <rocksdb/db.h>
#include <rocksdb/listener.h>
#include <rocksdb/options.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "infra/log.hpp"
#include "infra/rocksdb/group_commit_log.hpp"
#include "infra/rocksdb/info_log.hpp"
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

/// RocksDB's own recovery from a background error stays off (rocksdb_storage::watch_writes).
class no_automatic_recovery final : public rocksdb::EventListener {
public:
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason, rocksdb::Status,
                            bool* auto_recovery) override {
    *auto_recovery = false;
  }
};

/// What opening the database takes, kept to open it again.
struct database_setup {
  std::string path;
  rocksdb::DBOptions options;
};

struct opened_database {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  rocksdb::Status status;
  explicit operator bool() const {
    return db != nullptr;
  }
};

/// Opens the server's database (read_write) or a follower of it, with every family bound.
opened_database open_database(const database_setup& setup, open_mode mode,
                              const std::string& scratch = {}) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& n : families_to_open(setup.path, mode == open_mode::read_write))
    descriptors.emplace_back(n, rocksdb::ColumnFamilyOptions{});
  opened_database out;
  rocksdb::DB* raw = nullptr;
  out.status = mode == open_mode::read_write
                 ? rocksdb::DB::Open(setup.options, setup.path, descriptors, &out.families, &raw)
                 : rocksdb::DB::OpenAsSecondary(setup.options, setup.path, scratch, descriptors,
                                                &out.families, &raw);
  out.db.reset(raw);
  return out;
}

/// Bytes free to an unprivileged writer in the file system holding `path`; 0 if unknown.
std::uint64_t free_bytes(const std::string& path) {
  struct statvfs fs {};
  if (::statvfs(path.c_str(), &fs) != 0)
    return 0;
  return static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
}

/// Room a reopen needs: it flushes what the write-ahead log recovered and writes a new
/// MANIFEST and OPTIONS file. Well above that, so a reopen is not tried on every freed byte.
constexpr std::uint64_t recovery_free_bytes_min = 4 * 1024 * 1024;
constexpr std::chrono::milliseconds recovery_poll{250};

class rocksdb_storage final : public storage {
public:
  rocksdb_storage(std::unique_ptr<handles> h, std::vector<rocksdb::ColumnFamilyHandle*> all,
                  const clock& clock, bool sync, open_mode mode, std::filesystem::path scratch,
                  database_setup setup)
    : h_(std::move(h)),
      all_(std::move(all)),
      mode_(mode),
      scratch_(std::move(scratch)),
      setup_(std::move(setup)),
      log_(*h_, clock, sync, mode == open_mode::read_write),
      live_(*h_, 0),
      replay_(*h_, 1),
      cursors_(*h_) {
    if (mode_ == open_mode::read_write)
      recovery_ = std::thread([this] { watch_writes(); });
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
    const auto in_use = h_->use();
    if (!h_->db)
      return errc::unavailable;
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
    const auto in_use = h_->use();
    if (!h_->db)
      return errc::unavailable;
    return compare_column_families(*h_);
  }

  status promote_replay_space() override {
    if (mode_ != open_mode::read_write)
      return errc::forbidden;
    const auto in_use = h_->use();
    if (!h_->db)
      return errc::unavailable;
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
    const auto written = h_->db->Write(synced, &batch);
    return written.ok() ? status{} : status{h_->write_failed(written)};
  }

  status catch_up() override {
    if (mode_ != open_mode::follower)
      return {};
    const auto in_use = h_->use();
    if (!h_->db->TryCatchUpWithPrimary().ok())
      return errc::io_error;
    log_.refresh_last_seq();
    return {};
  }

  void close() override {
    {
      std::lock_guard lock(recovery_mutex_);
      closing_ = true;
    }
    recovery_cv_.notify_all();
    if (recovery_.joinable())
      recovery_.join();
    log_.close();
    std::unique_lock alone(h_->gate);
    if (!h_->db)
      return;
    close_database();
    if (!scratch_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_, ignored);
    }
  }

private:
  /// With the gate held alone.
  void close_database() {
    for (auto* cf : all_)
      (void) h_->db->DestroyColumnFamilyHandle(cf);
    all_.clear();
    (void) h_->db->Close();
    h_->db.reset();
  }

  /// The server's watch over writes: once RocksDB refused one (it then refuses all), waits for
  /// free space and reopens the database, which starts a fresh write-ahead log. RocksDB 7.8's
  /// own recovery (Resume) is turned off: after a failed WAL write it can keep the failed file
  /// and abort on the next write (issue #20 §2).
  void watch_writes() {
    std::unique_lock lock(recovery_mutex_);
    while (!closing_) {
      recovery_cv_.wait_for(lock, recovery_poll);
      if (closing_ || h_->failure().empty())
        continue; // The failure itself was logged where it happened (handles::write_failed).
      if (free_bytes(setup_.path) < recovery_free_bytes_min)
        continue;
      lock.unlock();
      const bool reopened = reopen();
      lock.lock();
      if (reopened)
        log_info("storage", "the database is reopened: appends are accepted again");
    }
  }

  bool reopen() {
    std::unique_lock alone(h_->gate);
    if (h_->db)
      close_database();
    auto opened = open_database(setup_, open_mode::read_write);
    if (!opened) {
      // Tried again every poll: said once per cause, not four times a second.
      if (auto why = opened.status.ToString(); why != reopen_failure_) {
        log_error("storage", "reopening the database failed: " + why + "; trying again");
        reopen_failure_ = std::move(why);
      }
      return false;
    }
    reopen_failure_.clear();
    h_->db = std::move(opened.db);
    all_ = std::move(opened.families);
    bind_handles(*h_, all_);
    log_.reopened();
    h_->clear_failure();
    return true;
  }

  std::unique_ptr<handles> h_;
  std::vector<rocksdb::ColumnFamilyHandle*> all_;
  open_mode mode_;
  std::filesystem::path scratch_; ///< The follower's private directory, removed on close.
  database_setup setup_;
  std::thread recovery_;
  std::mutex recovery_mutex_;
  std::condition_variable recovery_cv_;
  bool closing_ = false;       ///< Guarded by recovery_mutex_.
  std::string reopen_failure_; ///< The last reopen's error; the recovery thread's own.
  group_commit_log log_;
  rocksdb_projection_store live_;
  rocksdb_projection_store replay_;
  rocksdb_cursor_store cursors_;
};

} // namespace
} // namespace sluice::infra::rocksdb_adapter

namespace sluice::infra {

result<std::unique_ptr<storage>> storage::open(const storage_options& options, const clock& clock,
                                               std::string& error_text) {
  using namespace rocksdb_adapter;
  database_setup setup;
  setup.path = (options.data_dir / "log").string();
  setup.options.create_if_missing = options.mode == open_mode::read_write;
  setup.options.create_missing_column_families = options.mode == open_mode::read_write;
  setup.options.IncreaseParallelism(2);
  setup.options.listeners.push_back(std::make_shared<no_automatic_recovery>());
  setup.options.info_log = std::make_shared<info_log>();
  setup.options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;

  auto h = std::make_unique<handles>();
  std::filesystem::path scratch;
  if (options.mode == open_mode::read_write) {
    std::error_code ec;
    // The database's own directory too: RocksDB logs an error when it has to create it.
    std::filesystem::create_directories(setup.path, ec);
    if (ec) {
      error_text = "cannot create data directory " + options.data_dir.string() + ": "
                   + ec.message();
      return errc::io_error;
    }
  } else {
    if (!std::filesystem::exists(setup.path + "/CURRENT")) {
      error_text = "no event log at " + setup.path;
      return errc::not_found;
    }
    // A secondary instance keeps its own info log; it lives in a private temporary directory.
    scratch = std::filesystem::temp_directory_path()
              / ("sluice-follower-" + std::to_string(::getpid()) + "-"
                 + std::to_string(reinterpret_cast<std::uintptr_t>(h.get())));
    setup.options.max_open_files = -1; // Required by secondary instances.
  }
  auto opened = open_database(setup, options.mode, scratch.string());
  if (!opened) {
    const auto& s = opened.status;
    const bool locked = s.IsIOError() && s.ToString().find("lock") != std::string::npos;
    error_text = locked ? "data directory " + options.data_dir.string()
                            + " is in use by a running sluice server; stop it first"
                        : "cannot open event log at " + setup.path + ": " + s.ToString();
    return locked ? errc::locked : errc::io_error;
  }
  h->db = std::move(opened.db);
  bind_handles(*h, opened.families);
  return std::unique_ptr<storage>(
    std::make_unique<rocksdb_storage>(std::move(h), std::move(opened.families), clock, options.sync,
                                      options.mode, std::move(scratch), std::move(setup)));
}

} // namespace sluice::infra
