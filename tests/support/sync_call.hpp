// Waits for one asynchronous facade call from a test thread. Tests only: production code never
// blocks on an actor.
#pragma once

#include <future>
#include <system_error>
#include <utility>

namespace sluice::testing_support {

template <class T>
struct outcome {
  std::error_code error;
  T value{};
};

/// `start(handler)` begins the call; the handler may run on any thread.
template <class T, class Start>
std::future<outcome<T>> begin_call(Start&& start) {
  auto done = std::make_shared<std::promise<outcome<T>>>();
  auto future = done->get_future();
  start([done](std::error_code ec, T value) { done->set_value({ec, std::move(value)}); });
  return future;
}

template <class T, class Start>
outcome<T> call(Start&& start) {
  return begin_call<T>(std::forward<Start>(start)).get();
}

} // namespace sluice::testing_support
