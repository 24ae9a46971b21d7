// The bridge actor runs jobs that Asio threads send it and watches their deadlines.
#include "actors/runtime/bridge.hpp"

namespace sluice::actors {

caf::behavior bridge_actor::make_behavior() {
  return {
    [this](const bridge_job& job) { job(this); },
    [this](tick_atom) { expire_overdue(); },
  };
}

bridge_actor::call_key bridge_actor::expect_by(caf::timespan timeout,
                                               std::function<void()> expire) {
  // CAF's clock, not the domain's: a deadline is about real time even under a test's clock.
  const auto deadline = clock().now() + timeout;
  call_key key{deadline, next_call_++};
  open_calls_.emplace(key, std::move(expire));
  if (!ticking_) {
    ticking_ = true;
    delayed_send(this, deadline_tick, tick_atom::value);
  }
  return key;
}

void bridge_actor::answered(const call_key& key) {
  open_calls_.erase(key);
}

void bridge_actor::expire_overdue() {
  const auto now = clock().now();
  while (!open_calls_.empty() && open_calls_.begin()->first.first <= now) {
    auto expire = std::move(open_calls_.begin()->second);
    open_calls_.erase(open_calls_.begin());
    expire();
  }
  ticking_ = !open_calls_.empty();
  if (ticking_)
    delayed_send(this, deadline_tick, tick_atom::value);
}

} // namespace sluice::actors
