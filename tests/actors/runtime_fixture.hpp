// A real log in a temp dir plus the real actor runtime, for actor tests.
#pragma once

#include <gtest/gtest.h>

#include "actors/facade/runtime.hpp"
#include "infra/storage.hpp"
#include "tests/support/sync_call.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::actors {

class RuntimeFixture : public ::testing::Test {
protected:
  void SetUp() override {
    open();
  }
  void TearDown() override {
    close();
  }

  void open(std::uint64_t snapshot_every = 100) {
    std::string error_text;
    auto s = infra::storage::open({dir_.path(), infra::open_mode::read_write, true}, clock_,
                                  error_text);
    ASSERT_TRUE(s) << error_text;
    storage_ = std::move(*s);
    runtime_options options;
    options.snapshot_every = snapshot_every;
    options.sealing_key = std::string(32, 'k');
    options.exit_nodes = exit_nodes_;
    runtime_ = runtime::start(storage_->log(), clock_, options);
  }
  void close() {
    if (runtime_)
      runtime_->stop();
    runtime_.reset();
    if (storage_)
      storage_->close();
    storage_.reset();
  }
  void reopen(std::uint64_t snapshot_every = 100) {
    close();
    open(snapshot_every);
  }

  command_port& port() {
    return runtime_->commands();
  }
  infra::event_log& log() {
    return storage_->log();
  }

  account_view create(const std::string& email) {
    auto r = testing_support::call<account_view>([&](auto h) {
      port().async_create_account(
        {email, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "b2b", std::nullopt}, std::move(h));
    });
    EXPECT_FALSE(r.error) << r.error.message();
    return r.value;
  }

  std::vector<exit_node_info> exit_nodes_; ///< Set before open() by tests of sessions.
  testing_support::temp_dir dir_{"sluice_actors"};
  infra::system_clock clock_;
  std::unique_ptr<infra::storage> storage_;
  std::unique_ptr<runtime> runtime_;
};

} // namespace sluice::actors
