// event_log on RocksDB with group commit: callers queue appends, one writer thread takes every
// append queued so far, checks expected versions, writes one synced WriteBatch and only then
// acknowledges each append. Sequences are assigned by that thread alone, so they are gapless.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "infra/clock.hpp"
#include "infra/event_log.hpp"
#include "infra/rocksdb/handles.hpp"

namespace sluice::infra::rocksdb_adapter {

class group_commit_log final : public event_log {
public:
  /// `writable`: start the writer thread (server); otherwise appends are refused (follower).
  group_commit_log(handles& h, const clock& clock, bool sync, bool writable);
  ~group_commit_log() override;

  /// Drains queued appends, acknowledges them and stops the writer. Idempotent.
  void close();
  /// Re-reads the last sequence (follower mode, after catching up with the primary).
  void refresh_last_seq();
  /// After the storage reopened the database (the gate held alone): forgets what it cached.
  void reopened();

  // infra::event_log
  void async_append(append_request request, append_callback done) override;
  result<std::vector<events::envelope>> read_stream(std::string_view stream,
                                                    std::uint64_t from_version,
                                                    std::size_t max_count) const override;
  result<std::vector<events::envelope>> read_after(std::uint64_t after_seq,
                                                   std::size_t max_count) const override;
  std::uint64_t last_seq() const override;
  std::uint64_t wait_for_seq(std::uint64_t after_seq,
                             std::chrono::milliseconds timeout) const override;
  status save_snapshot(std::string_view stream, const snapshot& s) override;
  result<std::optional<snapshot>> load_snapshot(std::string_view stream) const override;

private:
  struct pending {
    append_request request;
    append_callback done;
  };

  void run_writer();
  void commit_group(std::deque<pending>& group);
  result<std::uint64_t> stream_version(const std::string& stream);
  std::uint64_t read_last_seq() const;
  void publish(std::uint64_t seq);

  handles& h_;
  const clock& clock_;
  const bool sync_;

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<pending> queue_;
  bool stopping_ = false;

  // Touched only by the writer thread.
  std::uint64_t next_seq_ = 1;
  std::unordered_map<std::string, std::uint64_t> versions_;

  std::atomic<std::uint64_t> last_seq_{0};
  mutable std::mutex seq_mutex_;
  mutable std::condition_variable seq_cv_;
  bool closed_ = false; ///< Guarded by seq_mutex_.

  std::thread writer_;
};

} // namespace sluice::infra::rocksdb_adapter
