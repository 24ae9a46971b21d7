// The bridge's own deadlines: an answer completes the call once, a silent actor's call fails with
// errc::timeout about when it should, and a call without a deadline waits for its answer.
#include "actors/runtime/bridge.hpp"
#include "infra/clock.hpp"

#include <gtest/gtest.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace sluice::actors {
namespace {

namespace net = boost::asio;
const infra::system_clock real_clock;
using ask_atom = caf::atom_constant<caf::atom("t_ask")>;
using answer_atom = caf::atom_constant<caf::atom("t_answer")>;

/// Answers `ask` only when told to (`answer`), with the number it was told; silent until then.
/// `unused`: CAF 0.17.6 spawns argument-less function actors through a null pointer (UBSan).
struct holding_state {
  std::vector<caf::response_promise> held;
};
caf::behavior holding_actor(caf::stateful_actor<holding_state>* self, int /*unused*/) {
  return {
    [self](ask_atom) -> caf::result<int> {
      auto promise = self->make_response_promise<int>();
      self->state.held.push_back(promise);
      return promise;
    },
    [self](answer_atom, int value) {
      for (auto& p : self->state.held)
        p.deliver(value);
      self->state.held.clear();
    },
  };
}

class Bridge : public ::testing::Test {
protected:
  struct outcome {
    int calls = 0;
    std::error_code ec;
    int value = 0;
    std::chrono::steady_clock::duration after{};
  };

  /// Asks the holding actor through the bridge; the handler runs on `io_`.
  std::shared_ptr<outcome> ask_holder(std::optional<caf::timespan> timeout) {
    auto out = std::make_shared<outcome>();
    const auto began = real_clock.steady_now();
    handler_of<int> handler = net::bind_executor(io_.get_executor(),
                                                 [out, began](std::error_code ec, int value) {
                                                   ++out->calls;
                                                   out->ec = ec;
                                                   out->value = value;
                                                   out->after = real_clock.steady_now() - began;
                                                 });
    ask<int>(bridge_, holder_, timeout, std::move(handler), caf::make_message(ask_atom::value));
    return out;
  }

  /// Runs the io_context for `d` (handlers arrive from CAF threads meanwhile).
  void run_for(std::chrono::milliseconds d) {
    auto guard = net::make_work_guard(io_);
    io_.restart();
    io_.run_for(d);
  }

  void TearDown() override {
    caf::anon_send_exit(bridge_, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(holder_, caf::exit_reason::user_shutdown);
  }

  net::io_context io_; // Outlives the actor system: the bridge posts to it until it stops.
  caf::actor_system_config config_;
  caf::actor_system system_{config_};
  caf::actor bridge_ = system_.spawn<bridge_actor>();
  caf::actor holder_ = system_.spawn(holding_actor, 0);
};

TEST_F(Bridge, AnAnswerCompletesTheCallOnceAndItsDeadlineNeverFires) {
  auto out = ask_holder(std::chrono::milliseconds{300});
  run_for(std::chrono::milliseconds{50});
  caf::anon_send(holder_, answer_atom::value, 42);
  run_for(std::chrono::milliseconds{700}); // Well past the deadline.
  EXPECT_EQ(out->calls, 1);
  EXPECT_FALSE(out->ec);
  EXPECT_EQ(out->value, 42);
}

TEST_F(Bridge, ASilentActorsCallTimesOutOnceNearItsDeadline) {
  auto out = ask_holder(std::chrono::milliseconds{300});
  run_for(std::chrono::milliseconds{1500});
  EXPECT_EQ(out->calls, 1);
  EXPECT_EQ(out->ec, make_error_code(errc::timeout));
  EXPECT_GE(out->after, std::chrono::milliseconds{300});
  // Late by about one tick; the bound is loose for a loaded sanitizer run, not a speed check.
  EXPECT_LT(out->after, std::chrono::milliseconds{1500});
  // The late answer finds the call settled.
  caf::anon_send(holder_, answer_atom::value, 7);
  run_for(std::chrono::milliseconds{200});
  EXPECT_EQ(out->calls, 1);
  EXPECT_EQ(out->ec, make_error_code(errc::timeout));
}

TEST_F(Bridge, ACallWithoutDeadlineWaitsForItsAnswer) {
  auto out = ask_holder(std::nullopt);
  run_for(std::chrono::milliseconds{500});
  EXPECT_EQ(out->calls, 0);
  caf::anon_send(holder_, answer_atom::value, 5);
  run_for(std::chrono::milliseconds{300});
  EXPECT_EQ(out->calls, 1);
  EXPECT_EQ(out->value, 5);
}

TEST_F(Bridge, ManyCallsEachSettleOnce) {
  std::vector<std::shared_ptr<outcome>> outs;
  for (int i = 0; i < 200; ++i)
    outs.push_back(ask_holder(i % 2 == 0
                                ? std::optional<caf::timespan>{std::chrono::milliseconds{200}}
                                : std::optional<caf::timespan>{std::chrono::seconds{30}}));
  run_for(std::chrono::milliseconds{600}); // The short ones time out.
  caf::anon_send(holder_, answer_atom::value, 1);
  run_for(std::chrono::milliseconds{300});
  for (int i = 0; i < 200; ++i) {
    EXPECT_EQ(outs[i]->calls, 1) << i;
    EXPECT_EQ(outs[i]->ec ? 1 : 0, i % 2 == 0 ? 1 : 0) << i;
  }
}

} // namespace
} // namespace sluice::actors
