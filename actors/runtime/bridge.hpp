// The Asio-to-actor bridge (primer §5, approach A): Asio threads anon_send a job; the job makes
// the request inside this actor and posts the outcome to the handler's associated executor.
//
// Deadlines are the bridge's own, not CAF's: a CAF request with a timeout arms a timer on CAF's
// clock thread (a lock and a wake-up of that thread) and later delivers a timeout message even
// when the answer came long before. On the gateway's set-up path that was several cross-thread
// wake-ups per tunnel. The bridge instead asks without a CAF timeout, keeps its open calls ordered
// by deadline, and fails the overdue ones on a tick that runs only while calls are open
// (`deadline_tick`): one timer per tick for all calls, a deadline late by at most one tick. A
// call that timed out stays registered with CAF until its answer comes. CAF 0.17 does not
// answer a dropped response promise, so an actor that dropped one would leave that registration
// (a few hundred bytes) behind for good; the deadline still answers the caller.
#pragma once

#include <boost/asio/execution.hpp>
#include <boost/asio/prefer.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "actors/facade/command_port.hpp"
#include "actors/runtime/errors.hpp"
#include "actors/runtime/messages.hpp"

namespace sluice::actors {

/// A class rather than a function: CAF 0.17.6 spawns argument-less function actors through a
/// null shared_ptr<tuple<>> (undefined behaviour that UBSan reports).
class bridge_actor final : public caf::event_based_actor {
public:
  /// How late a deadline may be noticed.
  static constexpr std::chrono::milliseconds deadline_tick{100};

  /// Identifies an open call among those the bridge watches.
  using call_key = std::pair<caf::actor_clock::time_point, std::uint64_t>;

  explicit bridge_actor(caf::actor_config& config) : caf::event_based_actor(config) {
  }
  caf::behavior make_behavior() override;

  /// Runs `expire` once `timeout` has passed, unless answered(key) comes first.
  call_key expect_by(caf::timespan timeout, std::function<void()> expire);
  void answered(const call_key& key);

private:
  void expire_overdue();

  std::map<call_key, std::function<void()>> open_calls_;
  std::uint64_t next_call_ = 0;
  bool ticking_ = false;
};

/// Work the bridge runs on behalf of an Asio thread.
using bridge_job = std::function<void(bridge_actor*)>;

namespace detail {

template <class T>
void complete(std::shared_ptr<handler_of<T>> handler, std::error_code ec, T value) {
  // any_completion_executor cannot `require` blocking.never (what asio::post needs), but it
  // can prefer it: the handler then never runs inline on the CAF thread.
  auto executor = boost::asio::prefer(boost::asio::get_associated_executor(*handler),
                                      boost::asio::execution::blocking.never);
  boost::asio::execution::execute(executor, [handler, ec, value = std::move(value)]() mutable {
    std::move (*handler)(ec, std::move(value));
  });
}

} // namespace detail

/// On the bridge: sends `msg` to `dest` and calls `settle` exactly once, with the reply of type
/// T or the error (errc::timeout after `timeout`; never without one).
template <class T>
void request_once(bridge_actor* self, const caf::actor& dest, std::optional<caf::timespan> timeout,
                  const caf::message& msg, std::function<void(std::error_code, T)> settle) {
  // Only the bridge touches `settled`: whichever of answer and deadline comes first settles,
  // the other finds it settled.
  auto settled = std::make_shared<bool>(false);
  std::optional<bridge_actor::call_key> key;
  if (timeout) {
    key = self->expect_by(*timeout, [settle, settled] {
      if (!std::exchange(*settled, true))
        settle(make_error_code(errc::timeout), T{});
    });
  }
  auto once = [self, key, settled, settle](std::error_code ec, T value) {
    if (std::exchange(*settled, true))
      return;
    if (key)
      self->answered(*key);
    settle(ec, std::move(value));
  };
  self->request(dest, caf::infinite, msg)
    .then([once](T& value) { once({}, std::move(value)); },
          [once](caf::error& err) { once(to_error_code(err), T{}); });
}

/// Sends `msg` to `dest` (through the bridge) and completes `handler` with the reply of type T,
/// or with the error (errc::timeout after `timeout`; never without one). Callable from any
/// thread; never blocks.
template <class T>
void ask(const caf::actor& bridge_handle, caf::actor dest, std::optional<caf::timespan> timeout,
         handler_of<T> handler, caf::message msg) {
  // The job must be copyable (it travels in a message); the handler is move-only.
  auto shared = std::make_shared<handler_of<T>>(std::move(handler));
  caf::anon_send(bridge_handle, bridge_job{[dest, timeout, shared, msg](bridge_actor* self) {
                   request_once<T>(self, dest, timeout, msg, [shared](std::error_code ec, T value) {
                     detail::complete(shared, ec, std::move(value));
                   });
                 }});
}

} // namespace sluice::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::bridge_job)
