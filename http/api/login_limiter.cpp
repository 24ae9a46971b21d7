// Sliding window of failure times per email. Memory is bounded by the failures of the last
// window: a periodic sweep forgets emails whose failures have all aged out.
#include "http/api/login_limiter.hpp"

#include <algorithm>

namespace sluice::http {
namespace {

constexpr std::size_t sweep_every = 1024;

} // namespace

void login_limiter::prune(const std::string& email, clock::time_point now) {
  auto it = failures_.find(email);
  if (it == failures_.end())
    return;
  auto& times = it->second;
  while (!times.empty() && now - times.front() >= window_)
    times.pop_front();
  if (times.empty())
    failures_.erase(it);
}

std::chrono::seconds login_limiter::retry_after(const std::string& email, clock::time_point now) {
  std::lock_guard lock(mutex_);
  prune(email, now);
  auto it = failures_.find(email);
  if (it == failures_.end() || it->second.size() < failures_max_)
    return std::chrono::seconds{0};
  const auto wait = it->second.front() + window_ - now;
  return std::max(std::chrono::seconds{1}, std::chrono::ceil<std::chrono::seconds>(wait));
}

void login_limiter::record_failure(const std::string& email, clock::time_point now) {
  std::lock_guard lock(mutex_);
  failures_[email].push_back(now);
  if (++recorded_since_sweep_ >= sweep_every) {
    recorded_since_sweep_ = 0;
    std::erase_if(failures_, [&](const auto& entry) {
      return entry.second.empty() || now - entry.second.back() >= window_;
    });
  }
}

void login_limiter::record_success(const std::string& email) {
  std::lock_guard lock(mutex_);
  failures_.erase(email);
}

} // namespace sluice::http
