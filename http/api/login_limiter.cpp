// Sliding window of failure times per email, plus the attempts still being checked. Memory is
// bounded by the failures of the last window: a periodic sweep forgets emails whose failures
// have all aged out.
#include "http/api/login_limiter.hpp"

#include <algorithm>

namespace sluice::http {
namespace {

constexpr std::size_t sweep_every = 1024;

} // namespace

void login_limiter::prune(const std::string& email, clock::time_point now) {
  auto it = records_.find(email);
  if (it == records_.end())
    return;
  auto& times = it->second.failures;
  while (!times.empty() && now - times.front() >= window_)
    times.pop_front();
  if (times.empty() && it->second.in_progress == 0)
    records_.erase(it);
}

std::chrono::seconds login_limiter::begin_attempt(const std::string& email, clock::time_point now) {
  std::lock_guard lock(mutex_);
  prune(email, now);
  auto& r = records_[email];
  if (r.failures.size() + r.in_progress < failures_max_) {
    ++r.in_progress;
    return std::chrono::seconds{0};
  }
  if (r.failures.empty())
    return std::chrono::seconds{1}; // Only attempts in progress: they finish within a second.
  const auto wait = r.failures.front() + window_ - now;
  return std::max(std::chrono::seconds{1}, std::chrono::ceil<std::chrono::seconds>(wait));
}

void login_limiter::finish_failed(const std::string& email, clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& r = records_[email];
  r.in_progress -= std::min<std::size_t>(r.in_progress, 1);
  r.failures.push_back(now);
  if (++recorded_since_sweep_ >= sweep_every) {
    recorded_since_sweep_ = 0;
    std::erase_if(records_, [&](const auto& entry) {
      const auto& [failures, in_progress] = entry.second;
      return in_progress == 0 && (failures.empty() || now - failures.back() >= window_);
    });
  }
}

void login_limiter::finish_abandoned(const std::string& email) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(email);
  if (it == records_.end())
    return;
  it->second.in_progress -= std::min<std::size_t>(it->second.in_progress, 1);
  if (it->second.in_progress == 0 && it->second.failures.empty())
    records_.erase(it);
}

void login_limiter::finish_succeeded(const std::string& email) {
  std::lock_guard lock(mutex_);
  records_.erase(email);
}

} // namespace sluice::http
