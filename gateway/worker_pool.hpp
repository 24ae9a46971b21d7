// The gateway's threads: one io_context per thread, each connection pinned to one of them for its
// whole life (the model of Envoy's workers). Before this, connections were strands on a single
// io_context run by every thread, so a busy tunnel's handlers hopped between threads and CPUs and
// the threads woke each other through the shared scheduler: one stream cost ~10% more CPU per GB
// with two threads than with one (bench/README.md, 2026-12-02, fourth session). Pinned, a tunnel
// costs what it would on one thread, and set-ups still spread over all of them.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace sluice::gateway {

class worker_pool {
public:
  explicit worker_pool(std::uint32_t threads);
  ~worker_pool();
  worker_pool(const worker_pool&) = delete;
  worker_pool& operator=(const worker_pool&) = delete;

  /// The io_context the next connection goes to (round robin); taken() moves on to the next.
  /// An accept that may find no connection must not use up a turn, or with two workers every
  /// connection of a one-at-a-time arrival lands on the same one.
  boost::asio::io_context& upcoming();
  void taken();
  /// The first worker's: where the listener runs.
  boost::asio::io_context& first() {
    return *contexts_.front();
  }

  /// Runs every worker on a thread of its own, until stop().
  void start();
  /// Stops every worker and joins its thread; idempotent.
  void stop();

private:
  using work_guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<work_guard> keep_running_;
  std::vector<std::thread> threads_;
  std::atomic<std::size_t> turn_{0};
};

} // namespace sluice::gateway
