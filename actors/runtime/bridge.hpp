// The Asio-to-actor bridge (primer §5, approach A): Asio threads anon_send a job; the job makes
// the request inside this actor and posts the outcome to the handler's associated executor.
#pragma once

#include <boost/asio/execution.hpp>
#include <boost/asio/prefer.hpp>
#include <memory>

#include "actors/facade/command_port.hpp"
#include "actors/runtime/errors.hpp"
#include "actors/runtime/messages.hpp"

namespace sluice::actors {

/// A class rather than a function: CAF 0.17.6 spawns argument-less function actors through a
/// null shared_ptr<tuple<>> (undefined behaviour that UBSan reports).
class bridge_actor final : public caf::event_based_actor {
public:
  explicit bridge_actor(caf::actor_config& config) : caf::event_based_actor(config) {
  }
  caf::behavior make_behavior() override;
};

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

/// Sends `msg` to `dest` (through the bridge) and completes `handler` with the reply of type T,
/// or with the error (a timeout after `timeout`). Callable from any thread; never blocks.
template <class T>
void ask(const caf::actor& bridge_handle, caf::actor dest, caf::duration timeout,
         handler_of<T> handler, caf::message msg) {
  // The job must be copyable (it travels in a message); the handler is move-only.
  auto shared = std::make_shared<handler_of<T>>(std::move(handler));
  caf::anon_send(
    bridge_handle, actor_job{[dest, timeout, shared, msg](caf::event_based_actor* self) {
      self->request(dest, timeout, msg)
        .then([shared](T& value) { detail::complete(shared, {}, std::move(value)); },
              [shared](caf::error& err) { detail::complete(shared, to_error_code(err), T{}); });
    }});
}

template <class T>
void ask(const caf::actor& bridge_handle, caf::actor dest, caf::timespan timeout,
         handler_of<T> handler, caf::message msg) {
  ask<T>(bridge_handle, std::move(dest), caf::duration{timeout}, std::move(handler),
         std::move(msg));
}

} // namespace sluice::actors
