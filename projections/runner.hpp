// Applies the log to a set of projections in sequence order, each projection's state and
// checkpoint committed in one batch, so every event is applied exactly once across restarts.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "infra/clock.hpp"
#include "infra/event_log.hpp"
#include "infra/projection_store.hpp"
#include "projections/facade/freshness.hpp"
#include "projections/projection.hpp"

namespace sluice::projections {

class runner final : public freshness {
public:
  /// Events one write batch covers at most; tests lower it to see many batch boundaries.
  static constexpr std::size_t default_batch_events = 512;

  /// `clock` times the read-your-writes waits; none: the system clock.
  runner(infra::event_log& log, infra::projection_store& store,
         std::vector<std::unique_ptr<projection>> projections, const infra::clock* clock = nullptr,
         std::size_t batch_events_max = default_batch_events);
  ~runner() override;

  /// Applies every event up to the log's current end on the calling thread; returns the
  /// sequence all projections have reached.
  result<std::uint64_t> catch_up();

  /// Tails the log on a thread of its own until stop(). A failure stops tailing and is kept
  /// for failure() (shown by /healthz), never skipped; but while the storage is unavailable
  /// (refusing writes until it reopens) it pauses, says so in failure(), and tries again.
  void start();
  void stop();

  /// The sequence every projection has applied.
  std::uint64_t position() const {
    return position_.load();
  }
  /// Empty while healthy.
  std::string failure() const;

  /// Blocks until position() >= seq or the timeout passes; true if reached. Lets a caller read
  /// its own write (a command answered at seq N is visible once the runner reaches N).
  bool wait_for_position(std::uint64_t seq, std::chrono::milliseconds timeout) const;

protected:
  void start_catch_up(boost::asio::any_completion_handler<void(std::error_code)> h) override;

private:
  struct waiter {
    std::uint64_t seq = 0;
    std::chrono::steady_clock::time_point deadline;
    boost::asio::any_completion_handler<void(std::error_code)> handler;
  };
  /// Completes the waiters that are reached, past their deadline, or all of them with `ec`.
  void settle_waiters(std::error_code all_with = {});

  result<std::size_t> apply_batch();
  /// Stores every checkpoint that lags the applied position.
  status store_checkpoints();
  void advance(std::uint64_t seq);
  void run();
  void set_failure(std::string text);

  infra::system_clock system_clock_;
  const infra::clock& clock_;
  infra::event_log& log_;
  infra::projection_store& store_;
  std::vector<std::unique_ptr<projection>> projections_;
  std::size_t batch_events_max_;
  std::vector<std::uint64_t> checkpoints_;        ///< Applied, per projection.
  std::vector<std::uint64_t> stored_checkpoints_; ///< As committed to the store.
  bool loaded_ = false;
  std::atomic<std::uint64_t> position_{0};
  std::atomic<bool> stopping_{false};
  mutable std::mutex position_mutex_;
  mutable std::condition_variable position_cv_;
  mutable std::mutex failure_mutex_;
  std::string failure_;
  std::mutex waiters_mutex_;
  /// A list, not a vector: erasing from a vector move-assigns the waiters behind, and Asio
  /// 1.26's any_completion_handler move assignment copies from an lvalue, which picks its
  /// converting constructor and recurses until the stack overflows (a kill -9 test found it).
  std::list<waiter> waiters_;
  std::thread thread_;
};

} // namespace sluice::projections
