// Read-your-writes waits on the runner: each completes once the read models reach what was
// durable when it began, in whatever order the waits are reached.
#include <gtest/gtest.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>

#include "events/catalogue.hpp"
#include "infra/storage.hpp"
#include "projections/catalogue.hpp"
#include "projections/runner.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::projections {
namespace {

class Freshness : public ::testing::Test {
protected:
  void SetUp() override {
    std::string error_text;
    auto s = infra::storage::open({dir_.path(), infra::open_mode::read_write, false}, clock_,
                                  error_text);
    ASSERT_TRUE(s) << error_text;
    storage_ = std::move(*s);
  }

  void claim(const std::string& email) {
    auto ack = storage_->log().append(
      {"email/" + email, 0, {events::encode(events::email_claimed{email, "u_a"})}, {}});
    ASSERT_TRUE(ack) << ack.error().message();
  }

  testing_support::temp_dir dir_{"sluice_freshness"};
  infra::system_clock clock_;
  std::unique_ptr<infra::storage> storage_;
};

TEST_F(Freshness, AWaitReachedBeforeAnOlderOneStillPendingCompletesAndSoDoesTheOther) {
  // One event per batch, so the first wait is reached while the second is still pending: the
  // runner then settles one and keeps the other. Asio 1.26 overflowed the stack there (its
  // any_completion_handler move assignment recurses) while the waits were kept in a vector.
  runner r(storage_->log(), storage_->projections(infra::projection_space::live), make_all(),
           nullptr, 1);
  boost::asio::io_context io;
  std::vector<std::pair<int, std::error_code>> completed;
  auto wait = [&](int n) {
    r.async_catch_up(boost::asio::bind_executor(io, [&completed, n](std::error_code ec) {
      completed.emplace_back(n, ec);
    }));
  };
  claim("a@x.io");
  wait(1);
  claim("b@x.io");
  wait(2);
  claim("c@x.io");
  wait(3);
  ASSERT_TRUE(r.catch_up());
  io.run();
  ASSERT_EQ(completed.size(), 3u);
  for (int n = 1; n <= 3; ++n) {
    EXPECT_EQ(completed[static_cast<std::size_t>(n - 1)], std::make_pair(n, std::error_code{}));
  }
}

} // namespace
} // namespace sluice::projections
