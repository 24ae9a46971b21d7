// Exit-node actors on a real log: each configured node is registered once, and again when its
// configuration changes; a failure report is answered once NodeDown is durable, and the node is
// skipped from then on, across a restart too; NodeUp ends the cool-down (by the actor's timer,
// or at the next start; with a gateway, only once its check of the node passes); a node that is
// up is checked now and then, and one failing that check is taken down; a node no longer
// configured is retired.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <vector>

#include "tests/actors/tunnel_fixture.hpp"

namespace sluice::actors {
namespace {

using namespace std::chrono_literals;

const events::timestamp t0 = *events::parse_timestamp("2026-12-02T10:00:00.000Z");

class ExitNodes : public TunnelFixture {
protected:
  void SetUp() override {
    options_.exit_nodes = {{"uk-a", "uk", {}, "direct"}, {"uk-b", "uk", {}, "socks5"}};
    options_.node_cooldown = 30s;
    TunnelFixture::SetUp();
  }

  /// The node's event types once it has `count` events (an actor may still be writing).
  std::vector<std::string> node_types(const std::string& node, std::size_t count = 0) {
    // Each wait ends at the log's next append (or after 5 s of none).
    for (int i = 0; i < 50 && stream_events("node/" + node).size() < count; ++i)
      log().wait_for_seq(log().last_seq(), 5s);
    std::vector<std::string> out;
    for (const auto& e : stream_events("node/" + node))
      out.push_back(e.type);
    return out;
  }
  using types = std::vector<std::string>;
};

/// On a manual clock: time moves only when a test says so.
class ExitNodesOnAManualClock : public ExitNodes {
protected:
  void SetUp() override {
    clock_in_use_ = &manual_;
    ExitNodes::SetUp();
  }
  infra::manual_clock manual_{t0};
};

TEST_F(ExitNodes, EachConfiguredNodeIsRegisteredOnceAndAgainWhenItsConfigurationChanges) {
  const auto registered = stream_events("node/uk-b");
  ASSERT_EQ(registered.size(), 1u); // Durable before the runtime started serving.
  EXPECT_EQ(registered[0].type, "NodeRegistered");
  EXPECT_EQ(registered[0].data.at("country").as_string(), "uk");
  EXPECT_EQ(registered[0].data.at("kind").as_string(), "socks5");
  reopen();
  EXPECT_EQ(node_types("uk-a"), types{"NodeRegistered"});
  options_.exit_nodes[1].services = {"bbc"};
  reopen();
  EXPECT_EQ(node_types("uk-a"), types{"NodeRegistered"});
  EXPECT_EQ(node_types("uk-b"), (types{"NodeRegistered", "NodeRegistered"}));
}

TEST_F(ExitNodesOnAManualClock, AFailureIsAnsweredOnceNodeDownIsDurableAndTheNodeIsSkipped) {
  ASSERT_EQ(open("s1").value.node, "uk-a"); // Equal load: the first by id.
  const auto failed = fail_node("uk-a");
  ASSERT_FALSE(failed.error) << failed.error.message();
  EXPECT_TRUE(failed.value.down);
  EXPECT_EQ(failed.value.down_until, t0 + 30s);
  const auto events = stream_events("node/uk-a");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type, "NodeDown");
  EXPECT_EQ(events[1].data.at("reason").as_string(), "bind_failed");
  EXPECT_EQ(events[1].data.at("until").as_string(), "2026-12-02T10:00:30.000Z");
  EXPECT_EQ(open("s1").value.node, "uk-b");
  EXPECT_EQ(open("s2").value.node, "uk-b");
  manual_.advance(10s);
  ASSERT_FALSE(fail_node("uk-a").error); // The cool-down counts from the first failure.
  EXPECT_EQ(node_types("uk-a"), (types{"NodeRegistered", "NodeDown"}));
  EXPECT_EQ(fail_node("no-such-node").error, errc::not_found);
}

TEST_F(ExitNodesOnAManualClock, ACooldownOutlivesARestartAndTheNextStartAfterItWritesNodeUp) {
  ASSERT_FALSE(fail_node("uk-a").error);
  reopen();
  EXPECT_EQ(open("s1").value.node, "uk-b"); // Still down: the first open after the restart.
  manual_.advance(30s);
  reopen();
  EXPECT_EQ(node_types("uk-a"), (types{"NodeRegistered", "NodeDown", "NodeUp"}));
  EXPECT_EQ(stream_events("node/uk-a")[2].data.at("reason").as_string(), "cooldown_over");
  EXPECT_EQ(open("s2").value.node, "uk-a");
}

TEST_F(ExitNodesOnAManualClock, ANodeNoLongerConfiguredIsRetiredAndReturnsWhenConfiguredAgain) {
  options_.registered_nodes = {"uk-a", "uk-b"};
  const auto both = options_.exit_nodes;
  options_.exit_nodes.pop_back();
  reopen();
  EXPECT_EQ(node_types("uk-b", 2), (types{"NodeRegistered", "NodeRetired"}));
  EXPECT_EQ(fail_node("uk-b").error, errc::not_found);
  ASSERT_FALSE(fail_node("uk-a").error);
  EXPECT_EQ(open("s1").error, errc::unavailable); // uk-b is not a choice any more.
  options_.exit_nodes = both;
  options_.registered_nodes = {"uk-a"};
  reopen();
  EXPECT_EQ(node_types("uk-b"), (types{"NodeRegistered", "NodeRetired", "NodeRegistered"}));
  EXPECT_EQ(open("s1").value.node, "uk-b");
}

class ExitNodesWithAShortCooldown : public ExitNodes {
protected:
  void SetUp() override {
    ExitNodes::SetUp();
    options_.node_cooldown = 300ms;
    reopen();
  }
};

TEST_F(ExitNodesWithAShortCooldown, ACheckThatFailsKeepsTheNodeDownLongerAndOneThatPassesEndsIt) {
  // The gateway's side, scripted: the first check fails, the second passes.
  std::atomic<int> checks = 0;
  port().set_node_probe([&checks](const std::string& node, auto done) {
    EXPECT_EQ(node, "uk-a");
    done(++checks == 1 ? "bind_failed" : "");
  });
  ASSERT_FALSE(fail_node("uk-a").error);
  EXPECT_EQ(node_types("uk-a", 4), (types{"NodeRegistered", "NodeDown", "NodeDown", "NodeUp"}));
  const auto events = stream_events("node/uk-a");
  EXPECT_EQ(events[2].data.at("reason").as_string(), "bind_failed");
  EXPECT_EQ(events[3].data.at("reason").as_string(), "probe_ok");
  // The second cool-down was twice the first (300 ms, then 600 ms). Each `until` counts from the
  // decision, which the log stamps a little later, so compare the two ends rather than an end
  // with its own stamp: the check runs once the first is over, and the second lasts 600 ms.
  const auto until = [](const events::envelope& e) {
    return *events::parse_timestamp(e.data.at("until").as_string());
  };
  EXPECT_GE(until(events[2]) - until(events[1]), 600ms);
  EXPECT_LE(until(events[1]) - events[1].ts, 300ms);
  EXPECT_EQ(checks.load(), 2);
  EXPECT_EQ(open("s1").value.node, "uk-a");
  port().set_node_probe({});
}

TEST_F(ExitNodesWithAShortCooldown, TheActorWritesNodeUpWhenTheCooldownIsOver) {
  ASSERT_FALSE(fail_node("uk-a").error);
  EXPECT_EQ(open("s1").value.node, "uk-b");
  EXPECT_EQ(node_types("uk-a", 3), (types{"NodeRegistered", "NodeDown", "NodeUp"}));
  EXPECT_EQ(open("s2").value.node, "uk-a");
}

/// Checked every 100 ms while up, by a scripted gateway: `script(node, call)` answers the call-th
/// check of that node (from 1); a node's checks are counted, and can be waited for.
class ExitNodesCheckedWhileUp : public ExitNodes {
protected:
  using script_fn = std::function<std::string(const std::string& node, int call)>;

  void SetUp() override {
    ExitNodes::SetUp();
    options_.node_cooldown = 300ms;
    options_.node_check_interval = 100ms;
    reopen();
  }
  void TearDown() override {
    port().set_node_probe({});
    ExitNodes::TearDown();
  }

  void check_with(script_fn script) {
    port().set_node_probe([this, script](const std::string& node, auto done) {
      int call = 0;
      {
        const std::lock_guard lock(mutex_);
        call = ++calls_[node];
      }
      changed_.notify_all();
      done(script(node, call));
    });
  }
  bool wait_for_checks(const std::string& node, int count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 5s, [&] { return calls_[node] >= count; });
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, int> calls_;
};

TEST_F(ExitNodesCheckedWhileUp, AFailedCheckTakesTheNodeDownWithNoClientAndPassedOnesWriteNothing) {
  check_with([](const std::string& node, int call) -> std::string {
    return node == "uk-b" && call == 3 ? "upstream_failed" : "";
  });
  ASSERT_TRUE(wait_for_checks("uk-a", 3));
  EXPECT_EQ(node_types("uk-a"), types{"NodeRegistered"}); // Healthy: the log is left alone.
  EXPECT_EQ(node_types("uk-b", 2), (types{"NodeRegistered", "NodeDown"}));
  EXPECT_EQ(stream_events("node/uk-b")[1].data.at("reason").as_string(), "upstream_failed");
  EXPECT_EQ(open("s1").value.node, "uk-a");
  // Its cool-down ends with the usual check, which passes.
  EXPECT_EQ(node_types("uk-b", 3), (types{"NodeRegistered", "NodeDown", "NodeUp"}));
  EXPECT_EQ(stream_events("node/uk-b")[2].data.at("reason").as_string(), "probe_ok");
}

TEST_F(ExitNodesCheckedWhileUp, ARoutineCheckOvertakenByAFailureDoesNotEndTheCooldown) {
  // uk-a's first check answers only after a client's failure took the node down: its "works"
  // is from before, so the cool-down still ends with a check of its own.
  std::promise<std::function<void(std::string)>> first;
  port().set_node_probe([&first, this](const std::string& node, auto done) {
    if (node != "uk-a")
      return done("");
    int call = 0;
    {
      const std::lock_guard lock(mutex_);
      call = ++calls_[node];
    }
    if (call == 1)
      return first.set_value(std::move(done));
    done("");
  });
  auto held = first.get_future();
  ASSERT_EQ(held.wait_for(5s), std::future_status::ready);
  ASSERT_FALSE(fail_node("uk-a").error);
  held.get()("");
  EXPECT_EQ(node_types("uk-a", 3), (types{"NodeRegistered", "NodeDown", "NodeUp"}));
  EXPECT_EQ(stream_events("node/uk-a")[2].data.at("reason").as_string(), "probe_ok");
  port().set_node_probe({}); // Before `first` goes.
  const std::lock_guard lock(mutex_);
  EXPECT_GE(calls_["uk-a"], 2);
}

} // namespace
} // namespace sluice::actors
