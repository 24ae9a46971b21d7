// Opens the one RocksDB database under data_dir (DESIGN.md §3) and hands out the event log and
// the projection stores that live in it. Only infra/rocksdb/ knows it is RocksDB.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "events/base/result.hpp"
#include "infra/clock.hpp"
#include "infra/cursor_store.hpp"
#include "infra/event_log.hpp"
#include "infra/projection_store.hpp"

namespace sluice::infra {

enum class open_mode {
  read_write, ///< The server (or replay): exclusive; errc::locked if another process has it.
  follower,   ///< Read-only next to a running server; catch_up() sees its newer writes.
};

enum class projection_space { live, replay };

struct storage_options {
  std::filesystem::path data_dir;
  open_mode mode = open_mode::read_write;
  bool sync = true; ///< fsync each group commit; false is for benchmarks only.
};

/// The outcome of comparing the live projections with a rebuild, key by key.
struct space_comparison {
  bool equal = true;
  std::uint64_t live_keys = 0;   ///< State and checkpoint entries of the live space.
  std::uint64_t replay_keys = 0; ///< The same for the replay space.
  std::string first_difference;  ///< Empty when equal; else the first differing key, printable.
};

class storage {
public:
  virtual ~storage() = default;

  /// Opens (creating if missing in read_write mode) data_dir/log. `error_text` explains failures.
  static result<std::unique_ptr<storage>> open(const storage_options& options, const clock& clock,
                                               std::string& error_text);

  virtual event_log& log() = 0;
  virtual projection_store& projections(projection_space space) = 0;
  virtual cursor_store& cursors() = 0;

  /// Drops and recreates the replay space (read_write only).
  virtual status reset_replay_space() = 0;

  /// Compares state and checkpoints of the live and replay spaces.
  virtual result<space_comparison> compare_spaces() const = 0;

  /// Makes the live space an exact copy of the replay space (state and checkpoints), in one
  /// synced write batch: a crash leaves the old live space or the new one, never a mix.
  /// read_write only.
  virtual status promote_replay_space() = 0;

  /// Follower mode: reads what the server wrote since the last call. No-op otherwise.
  virtual status catch_up() = 0;

  /// Stops accepting appends, finishes those queued (they are acknowledged), and closes.
  virtual void close() = 0;
};

} // namespace sluice::infra
