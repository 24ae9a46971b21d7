// The gateway's workers: connections are dealt round robin, and only an accept that found one
// uses up a turn; each worker runs what is posted to it on a thread of its own until stop().
#include "gateway/worker_pool.hpp"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <future>
#include <set>
#include <thread>

namespace sluice::gateway {
namespace {

TEST(WorkerPool, DealsConnectionsRoundRobinAndOnlyATakenOneUsesATurn) {
  worker_pool pool(2);
  auto* first = &pool.upcoming();
  EXPECT_EQ(&pool.upcoming(), first); // A burst accept that found nothing: still the same one.
  pool.taken();
  auto* second = &pool.upcoming();
  EXPECT_NE(second, first);
  pool.taken();
  EXPECT_EQ(&pool.upcoming(), first);
  EXPECT_EQ(&pool.first(), first);
}

TEST(WorkerPool, RunsEachWorkerOnAThreadOfItsOwnUntilStopped) {
  worker_pool pool(2);
  pool.start();
  std::set<std::thread::id> threads;
  for (int i = 0; i < 2; ++i) {
    std::promise<std::thread::id> ran;
    boost::asio::post(pool.upcoming(), [&ran] { ran.set_value(std::this_thread::get_id()); });
    pool.taken();
    threads.insert(ran.get_future().get());
  }
  EXPECT_EQ(threads.size(), 2U);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0U);
  pool.stop();
  pool.stop(); // Idempotent.
}

TEST(WorkerPool, ZeroThreadsStillMeansOneWorker) {
  worker_pool pool(0);
  EXPECT_EQ(&pool.upcoming(), &pool.first());
  pool.taken();
  EXPECT_EQ(&pool.upcoming(), &pool.first());
}

} // namespace
} // namespace sluice::gateway
