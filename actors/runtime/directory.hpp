// A directory: one actor per id, spawned on first use, every command routed through it so idle
// actors can be retired without racing a queued command (primer §6, "routing" style).
#pragma once

#include <functional>
#include <string>
#include <unordered_map>

#include "caf/all.hpp"

namespace sluice::actors {

/// Spawns the actor for `id`; the directory passes itself so the child can report idleness.
using spawn_fn
  = std::function<caf::actor(caf::event_based_actor* directory, const std::string& id)>;

struct directory_state {
  static inline const char* name = "directory";
  struct entry {
    caf::actor handle;
    std::uint64_t forwarded = 0;
  };
  std::unordered_map<std::string, entry> by_id;
  std::unordered_map<caf::actor_addr, std::string> by_addr;
};

/// Handles (route_atom, id, message) by delegating `message` to the id's actor, which answers the
/// original requester; and (idle_atom, id, handled) from children. Exit is passed on to children.
caf::behavior directory(caf::stateful_actor<directory_state>* self, spawn_fn spawn);

} // namespace sluice::actors
