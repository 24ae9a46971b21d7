// Directory of per-id actors with idle retirement.
#include "actors/runtime/directory.hpp"

#include "actors/runtime/messages.hpp"

namespace sluice::actors {

caf::behavior directory(caf::stateful_actor<directory_state>* self, spawn_fn spawn) {
  self->set_down_handler([self](caf::down_msg& msg) {
    auto i = self->state.by_addr.find(msg.source);
    if (i == self->state.by_addr.end())
      return;
    // A child that stopped by itself (a failed append) is forgotten and rebuilt on next use.
    auto e = self->state.by_id.find(i->second);
    if (e != self->state.by_id.end() && e->second.handle.address() == msg.source) {
      self->state.by_id.erase(e);
    }
    self->state.by_addr.erase(i);
  });
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [id, e] : self->state.by_id)
      self->send_exit(e.handle, msg.reason);
    self->quit(msg.reason);
  });
  return {
    [self, spawn](route_atom, const std::string& id, caf::message& msg) {
      auto& st = self->state;
      auto i = st.by_id.find(id);
      if (i == st.by_id.end()) {
        auto handle = spawn(self, id);
        self->monitor(handle);
        st.by_addr.emplace(handle.address(), id);
        i = st.by_id.emplace(id, directory_state::entry{std::move(handle), 0}).first;
      }
      ++i->second.forwarded;
      return self->delegate(i->second.handle, std::move(msg));
    },
    [self](idle_atom, const std::string& id, std::uint64_t handled) {
      auto& st = self->state;
      auto i = st.by_id.find(id);
      // A command routed after the child's report is still queued there: keep it.
      if (i == st.by_id.end() || i->second.forwarded != handled)
        return;
      self->send_exit(i->second.handle, caf::exit_reason::user_shutdown);
      st.by_id.erase(i);
    },
  };
}

} // namespace sluice::actors
