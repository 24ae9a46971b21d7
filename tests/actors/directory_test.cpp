// The directory's routing and idle-retirement handshake (primer §6), with a counting child.
#include <gtest/gtest.h>

#include <atomic>

#include "actors/runtime/directory.hpp"
#include "actors/runtime/messages.hpp"

namespace sluice::actors {
namespace {

using ping_atom = caf::atom_constant<caf::atom("ping")>;

// A child that answers pings with (its id, how many pings it handled).
caf::behavior counting_child(caf::event_based_actor*, std::string id) {
  auto handled = std::make_shared<std::uint64_t>(0);
  return {[id, handled](ping_atom) { return caf::make_message(id, ++*handled); }};
}

class Directory : public ::testing::Test {
protected:
  caf::actor_system_config config_;
  caf::actor_system system_{config_};
  std::shared_ptr<std::atomic<int>> spawned_ = std::make_shared<std::atomic<int>>(0);
  caf::actor dir_ = system_.spawn(directory,
                                  spawn_fn{[spawned = spawned_](auto* d, const std::string& id) {
                                    ++*spawned;
                                    return d->spawn(counting_child, id);
                                  }});

  std::uint64_t ping(caf::scoped_actor& self, const std::string& id) {
    std::uint64_t count = 0;
    self
      ->request(dir_, std::chrono::seconds{30}, route_atom::value, id,
                caf::make_message(ping_atom::value))
      .receive(
        [&](const std::string& who, std::uint64_t n) {
          EXPECT_EQ(who, id);
          count = n;
        },
        [&](caf::error& e) { ADD_FAILURE() << system_.render(e); });
    return count;
  }

  void TearDown() override {
    caf::anon_send_exit(dir_, caf::exit_reason::user_shutdown);
  }
};

TEST_F(Directory, SpawnsOneActorPerIdOnFirstUse) {
  caf::scoped_actor self{system_};
  EXPECT_EQ(ping(self, "a"), 1u);
  EXPECT_EQ(ping(self, "a"), 2u);
  EXPECT_EQ(ping(self, "b"), 1u);
  EXPECT_EQ(spawned_->load(), 2);
}

TEST_F(Directory, RetiresAnIdleActorOnlyWhenNothingWasRoutedSinceItsReport) {
  caf::scoped_actor self{system_};
  EXPECT_EQ(ping(self, "a"), 1u);
  EXPECT_EQ(ping(self, "a"), 2u);
  // A stale report (the child had handled 1, but 2 were routed): the actor stays.
  self->send(dir_, idle_atom::value, std::string{"a"}, std::uint64_t{1});
  EXPECT_EQ(ping(self, "a"), 3u);
  EXPECT_EQ(spawned_->load(), 1);
  // An up-to-date report: the actor is retired and the next command spawns a fresh one.
  self->send(dir_, idle_atom::value, std::string{"a"}, std::uint64_t{3});
  EXPECT_EQ(ping(self, "a"), 1u);
  EXPECT_EQ(spawned_->load(), 2);
}

} // namespace
} // namespace sluice::actors
