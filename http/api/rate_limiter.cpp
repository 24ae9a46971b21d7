// Per caller, the times of its admitted requests still in the window (at most `limit` of them).
// Memory is bounded by the callers of the last window: a sweep every 1024 admissions forgets
// those with nothing left in it.
#include "http/api/rate_limiter.hpp"

#include <algorithm>

namespace sluice::http {
namespace {

constexpr std::size_t sweep_every = 1024;

} // namespace

std::chrono::seconds rate_limiter::admit(const std::string& caller, clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (++admitted_since_sweep_ >= sweep_every) {
    admitted_since_sweep_ = 0;
    sweep(now);
  }
  auto& times = requests_[caller];
  while (!times.empty() && now - times.front() >= window_)
    times.pop_front();
  if (times.size() < limit_) {
    times.push_back(now);
    return std::chrono::seconds{0};
  }
  const auto wait = times.front() + window_ - now;
  return std::max(std::chrono::seconds{1}, std::chrono::ceil<std::chrono::seconds>(wait));
}

std::size_t rate_limiter::callers() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

void rate_limiter::sweep(clock::time_point now) {
  std::erase_if(requests_, [&](const auto& entry) {
    return entry.second.empty() || now - entry.second.back() >= window_;
  });
}

} // namespace sluice::http
