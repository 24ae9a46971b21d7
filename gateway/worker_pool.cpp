// One io_context per worker thread. The concurrency hint of 1 tells Asio a single thread runs
// each, so its scheduler never hands work to another thread; posts from other threads (the actor
// bridge's answers, drain's close orders) stay safe.
#include "gateway/worker_pool.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>

namespace sluice::gateway {

worker_pool::worker_pool(std::uint32_t threads) {
  const auto count = std::max<std::uint32_t>(threads, 1);
  for (std::uint32_t i = 0; i < count; ++i) {
    contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
    keep_running_.push_back(boost::asio::make_work_guard(*contexts_.back()));
    // A timer makes the io_context create its reactor (epoll, eventfd, timerfd) now. Created
    // lazily by its first socket, it would need three descriptors just when the process may have
    // none, and that socket's constructor would throw on the listener's thread.
    const boost::asio::steady_timer reactor_now(*contexts_.back());
  }
}

worker_pool::~worker_pool() {
  stop();
}

boost::asio::io_context& worker_pool::upcoming() {
  return *contexts_[turn_.load(std::memory_order_relaxed) % contexts_.size()];
}

void worker_pool::taken() {
  turn_.fetch_add(1, std::memory_order_relaxed);
}

void worker_pool::start() {
  for (auto& io : contexts_)
    threads_.emplace_back([context = io.get()] { context->run(); });
}

void worker_pool::stop() {
  for (auto& io : contexts_)
    io->stop();
  for (auto& t : threads_)
    t.join();
  threads_.clear();
}

} // namespace sluice::gateway
