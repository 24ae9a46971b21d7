// Failed-login throttling per email: after `failures_max` failures within `window`, every further
// attempt in that window is refused (429) before the password is checked. In memory on purpose:
// it is a brake on guessing, not a record, and a restart resetting it is harmless.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sluice::http {

class login_limiter {
public:
  using clock = std::chrono::steady_clock;

  explicit login_limiter(std::size_t failures_max = 10,
                         std::chrono::seconds window = std::chrono::seconds{60})
    : failures_max_(failures_max), window_(window) {
  }

  /// Zero if an attempt for `email` may proceed now; otherwise how long until one may.
  std::chrono::seconds retry_after(const std::string& email, clock::time_point now);
  void record_failure(const std::string& email, clock::time_point now);
  void record_success(const std::string& email);

private:
  /// Drops failures older than the window; forgets emails with none left.
  void prune(const std::string& email, clock::time_point now);

  std::size_t failures_max_;
  clock::duration window_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<clock::time_point>> failures_;
  std::size_t recorded_since_sweep_ = 0;
};

} // namespace sluice::http
