// Time is injected (house style B.10): production uses system_clock, tests a manual clock.
#pragma once

#include <atomic>
#include <chrono>

#include "events/time.hpp"

namespace sluice::infra {

class clock {
public:
  virtual ~clock() = default;
  /// Wall-clock time in UTC, millisecond precision (event timestamps, JWT iat/exp).
  virtual events::timestamp now() const = 0;
  /// Monotonic time for deadlines and durations.
  virtual std::chrono::steady_clock::time_point steady_now() const = 0;
};

/// The real clocks. The only place that reads system_clock/steady_clock (checked by tidy).
class system_clock final : public clock {
public:
  events::timestamp now() const override;
  std::chrono::steady_clock::time_point steady_now() const override;
};

/// A clock that moves only when told to; safe to read from several threads.
class manual_clock final : public clock {
public:
  explicit manual_clock(events::timestamp start) : now_(start.time_since_epoch().count()) {
  }
  events::timestamp now() const override {
    return events::timestamp{std::chrono::milliseconds{now_.load()}};
  }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::time_point{std::chrono::milliseconds{now_.load()}};
  }
  void advance(std::chrono::milliseconds by) {
    now_ += by.count();
  }

private:
  std::atomic<std::int64_t> now_;
};

} // namespace sluice::infra
