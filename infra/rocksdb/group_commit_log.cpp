// Group commit on one writer thread (DESIGN.md §3). Appends that arrive while a batch is being
// fsynced form the next batch, so concurrent appenders share fsyncs. Under a steady stream of
// appends (one per closing tunnel under churn) that alone formed groups of one: so while busy,
// the writer lets a group gather for a moment before it writes.
#include "infra/rocksdb/group_commit_log.hpp"

#include <rocksdb/write_batch.h>

#include "events/base/check.hpp"
#include "infra/crypto.hpp"
#include "infra/limits.hpp"
#include "infra/log.hpp"
#include "infra/rocksdb/keys.hpp"

namespace sluice::infra::rocksdb_adapter {
namespace {

/// An append arriving within this time of the previous group's commit means the log is busy.
constexpr std::chrono::microseconds busy_window{2000};
/// How long a group gathers while busy: what every append then waits at most in addition.
constexpr std::chrono::microseconds gather_time{1000};

} // namespace

group_commit_log::group_commit_log(handles& h, const clock& clock, bool sync, bool writable)
  : h_(h), clock_(clock), sync_(sync) {
  const auto last = read_last_seq();
  next_seq_ = last + 1;
  last_seq_.store(last);
  if (writable) {
    writer_ = std::thread([this] { run_writer(); });
  } else {
    stopping_ = true;
  }
}

group_commit_log::~group_commit_log() {
  close();
}

void group_commit_log::close() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable())
    writer_.join();
  {
    std::lock_guard lock(seq_mutex_);
    closed_ = true;
  }
  seq_cv_.notify_all();
}

void group_commit_log::async_append(append_request request, append_callback done) {
  SLUICE_CHECK(done != nullptr);
  std::unique_lock lock(queue_mutex_);
  if (stopping_) {
    lock.unlock();
    done(errc::shutting_down);
    return;
  }
  if (queue_.size() >= limits::append_queue_max) {
    lock.unlock();
    done(errc::unavailable);
    return;
  }
  queue_.push_back({std::move(request), std::move(done)});
  lock.unlock();
  queue_cv_.notify_one();
}

void group_commit_log::run_writer() {
  std::deque<pending> group;
  // Real time even under a test's manual clock: this only paces the writer.
  const system_clock real;
  auto last_commit = real.steady_now() - busy_window;
  for (;;) {
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty())
        return; // Stopping, and everything queued was committed.
      if (!stopping_ && real.steady_now() - last_commit < busy_window) {
        lock.unlock();
        std::this_thread::sleep_for(gather_time);
        lock.lock();
      }
      // Take what is queued, up to the cap; the rest waits for the next fsync.
      const auto take = std::min(queue_.size(), limits::group_commit_appends_max);
      for (std::size_t i = 0; i < take; ++i) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit_group(group);
    group.clear();
    last_commit = real.steady_now();
  }
}

namespace {

status validate(const append_request& r) {
  if (r.stream.empty() || r.stream.size() > limits::stream_id_bytes_max
      || r.stream.find('\0') != std::string::npos) {
    return errc::invalid_argument;
  }
  if (r.events.empty() || r.events.size() > limits::append_events_max) {
    return errc::invalid_argument;
  }
  for (const auto& e : r.events) {
    if (e.type.empty())
      return errc::invalid_argument;
  }
  return {};
}

} // namespace

void group_commit_log::commit_group(std::deque<pending>& group) {
  // Held until the batch is written, not while the callbacks run: they may read the log.
  auto in_use = h_.use();
  if (!h_.db) {
    in_use.unlock();
    for (auto& p : group)
      p.done(errc::unavailable); // Being reopened after a failed write.
    return;
  }
  rocksdb::WriteBatch batch;
  std::vector<result<append_ack>> outcomes;
  outcomes.reserve(group.size());
  // Versions this group moves; they reach versions_ only once the batch is durable.
  std::unordered_map<std::string, std::uint64_t> moved;
  std::uint64_t seq = next_seq_;
  const auto now = clock_.now();
  for (auto& p : group) {
    auto& r = p.request;
    if (auto ok = validate(r); !ok) {
      outcomes.emplace_back(ok.error());
      continue;
    }
    std::uint64_t version = 0;
    if (auto i = moved.find(r.stream); i != moved.end()) {
      version = i->second;
    } else if (auto v = stream_version(r.stream); v) {
      version = *v;
    } else {
      outcomes.emplace_back(v.error());
      continue;
    }
    if (version != r.expected_version) {
      outcomes.emplace_back(errc::version_conflict);
      continue;
    }
    // Encode first: an oversized event refuses the whole append before anything is batched.
    std::vector<std::string> encoded;
    encoded.reserve(r.events.size());
    const auto ts = r.ts == events::timestamp{} ? now : r.ts;
    for (auto& data : r.events) {
      ++version;
      events::envelope e{
        seq + encoded.size(), random_event_id(), std::move(data.type), r.stream, version, ts,
        std::move(data.data)};
      encoded.push_back(events::to_json(e));
    }
    bool too_big = false;
    for (const auto& text : encoded)
      too_big = too_big || text.size() > limits::event_bytes_max;
    if (too_big) {
      outcomes.emplace_back(errc::invalid_argument);
      continue;
    }
    const auto first = seq;
    version = r.expected_version;
    for (const auto& text : encoded) {
      ++version;
      batch.Put(h_.events, be64(seq), text);
      batch.Put(h_.streams, stream_key(r.stream, version), be64(seq));
      ++seq;
    }
    moved[r.stream] = version;
    outcomes.emplace_back(append_ack{first, seq - 1, version});
  }
  if (batch.Count() > 0) {
    rocksdb::WriteOptions options;
    options.sync = sync_;
    const auto s = h_.db->Write(options, &batch);
    if (!s.ok()) {
      // Nothing of the batch is stored: the sequences are reused, so the log stays gapless.
      const auto failure = h_.write_failed(s);
      for (auto& o : outcomes) {
        if (o)
          o = failure;
      }
    } else {
      next_seq_ = seq;
      if (versions_.size() + moved.size() > limits::stream_version_cache_max)
        versions_.clear();
      for (auto& [stream, version] : moved)
        versions_[stream] = version;
      publish(seq - 1);
    }
  }
  in_use.unlock();
  for (std::size_t i = 0; i < group.size(); ++i)
    group[i].done(std::move(outcomes[i]));
}

result<std::uint64_t> group_commit_log::stream_version(const std::string& stream) {
  if (auto i = versions_.find(stream); i != versions_.end())
    return i->second;
  // The last index entry of the stream: seek just before the next possible stream key.
  std::unique_ptr<rocksdb::Iterator> it(h_.db->NewIterator(rocksdb::ReadOptions{}, h_.streams));
  it->SeekForPrev(stream_key(stream, ~std::uint64_t{0}));
  std::uint64_t version = 0;
  if (it->Valid()) {
    const auto key = it->key().ToStringView();
    if (key.size() == stream.size() + 9 && key.substr(0, stream.size()) == stream
        && key[stream.size()] == '\0') {
      version = from_be64(key.substr(stream.size() + 1));
    }
  } else if (!it->status().ok()) {
    return errc::io_error;
  }
  versions_[stream] = version;
  return version;
}

void group_commit_log::reopened() {
  const auto last = read_last_seq();
  SLUICE_CHECK(last + 1 >= next_seq_); // Nothing acknowledged is lost.
  if (last + 1 != next_seq_) {
    // A batch whose write reported failure reached the disk after all (its fsync failed after
    // the bytes were written): it is in the log now, like a write whose answer a crash lost.
    log_error("storage", "events " + std::to_string(next_seq_) + ".." + std::to_string(last)
                           + " were answered as failed but are in the log after the reopen");
    publish(last);
  }
  next_seq_ = last + 1;
  versions_.clear();
}

void group_commit_log::publish(std::uint64_t seq) {
  {
    std::lock_guard lock(seq_mutex_);
    last_seq_.store(seq);
  }
  seq_cv_.notify_all();
}

std::uint64_t group_commit_log::read_last_seq() const {
  std::unique_ptr<rocksdb::Iterator> it(h_.db->NewIterator(rocksdb::ReadOptions{}, h_.events));
  it->SeekToLast();
  if (!it->Valid())
    return 0;
  SLUICE_CHECK(it->key().size() == 8);
  return from_be64(it->key().ToStringView());
}

void group_commit_log::refresh_last_seq() {
  publish(read_last_seq());
}

std::uint64_t group_commit_log::last_seq() const {
  return last_seq_.load();
}

std::uint64_t group_commit_log::wait_for_seq(std::uint64_t after_seq,
                                             std::chrono::milliseconds timeout) const {
  std::unique_lock lock(seq_mutex_);
  seq_cv_.wait_for(lock, timeout, [&] { return closed_ || last_seq_.load() > after_seq; });
  return last_seq_.load();
}

} // namespace sluice::infra::rocksdb_adapter
