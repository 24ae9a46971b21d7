// Request rate limiting of the REST faces (seed 001: "60 requests per minute per API key"): at
// most `limit` requests in any `window` per caller (an API key, or an account signed in with a
// JWT). The request beyond is refused before it does anything, with the seconds until the
// oldest counted request leaves the window (the Retry-After of the 429). A sliding window, not
// fixed minutes, so no burst of 2 × limit straddles a minute boundary. In memory on purpose, like
// login_limiter: a brake, not a record.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sluice::http {

class rate_limiter {
public:
  using clock = std::chrono::steady_clock;

  rate_limiter(std::size_t limit, std::chrono::seconds window) : limit_(limit), window_(window) {
  }

  /// Zero: the request from `caller` may proceed, and is counted. Otherwise how long until one
  /// may (at least a second); the refused request is not counted.
  std::chrono::seconds admit(const std::string& caller, clock::time_point now);

  /// Callers currently remembered (for tests of the memory bound).
  std::size_t callers() const;

private:
  /// Forgets every caller whose requests have all left the window.
  void sweep(clock::time_point now);

  std::size_t limit_;
  clock::duration window_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::deque<clock::time_point>> requests_;
  std::size_t admitted_since_sweep_ = 0;
};

} // namespace sluice::http
