// Failed-login throttling per email: once `failures_max` attempts within `window` have failed or
// are still being checked, every further attempt in that window is refused (429) before the
// password is checked. Attempts in progress count, so parallel guesses cannot slip past the
// limit while Argon2id runs. In memory on purpose: it is a brake on guessing, not a record, and
// a restart resetting it is harmless.
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

  /// Zero if an attempt for `email` may proceed now (it is then counted as in progress until
  /// finish_* is called); otherwise how long until one may.
  std::chrono::seconds begin_attempt(const std::string& email, clock::time_point now);
  void finish_failed(const std::string& email, clock::time_point now);
  void finish_succeeded(const std::string& email);
  /// The attempt ended without a verdict (an internal error): it no longer counts.
  void finish_abandoned(const std::string& email);

private:
  struct record {
    std::deque<clock::time_point> failures;
    std::size_t in_progress = 0;
  };
  /// Drops failures older than the window; forgets emails with nothing left.
  void prune(const std::string& email, clock::time_point now);

  std::size_t failures_max_;
  clock::duration window_;
  std::mutex mutex_;
  std::unordered_map<std::string, record> records_;
  std::size_t recorded_since_sweep_ = 0;
};

} // namespace sluice::http
