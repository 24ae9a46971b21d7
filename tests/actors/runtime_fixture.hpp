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
    auto s = infra::storage::open({dir_.path(), infra::open_mode::read_write, true}, *clock_in_use_,
                                  error_text);
    ASSERT_TRUE(s) << error_text;
    storage_ = std::move(*s);
    runtime_options options = options_;
    options.snapshot_every = snapshot_every;
    options.sealing_key = std::string(32, 'k');
    runtime_ = runtime::start(storage_->log(), *clock_in_use_, options);
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

  testing_support::temp_dir dir_{"sluice_actors"};
  infra::system_clock clock_;
  runtime_options options_;                    ///< What open() starts with; tests may set it.
  const infra::clock* clock_in_use_ = &clock_; ///< Likewise, e.g. a manual clock.
  std::unique_ptr<infra::storage> storage_;
  std::unique_ptr<runtime> runtime_;
};

} // namespace sluice::actors
