// The relays open right now, so that a shutdown can end them properly: each is told to close,
// sends its final usage report (billing what it relayed), and leaves the registry; the server
// waits for the registry to empty (or a deadline) before it stops the actors (DESIGN.md §4: a
// clean stop loses no usage).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>

namespace sluice::gateway {

class relay_registry {
public:
  using close_order = std::function<void()>;

  /// Registers a relay; `close` must be safe to call from any thread (it posts to the relay).
  /// Returns its ticket, for leave().
  std::uint64_t join(close_order close);
  void leave(std::uint64_t ticket);

  /// Orders every relay closed and waits until all have left, at most `deadline`. New relays
  /// that join meanwhile are ordered closed at once. True if all left in time.
  bool drain(std::chrono::milliseconds deadline);

private:
  std::mutex mutex_;
  std::condition_variable emptied_;
  std::map<std::uint64_t, close_order> open_;
  std::uint64_t next_ticket_ = 1;
  bool draining_ = false;
};

} // namespace sluice::gateway
