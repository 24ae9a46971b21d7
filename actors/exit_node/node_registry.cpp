// CAF glue of the exit-node registry: a table of node_health and pick_node over it, with health
// read from the node_health_board the node actors write; failure reports go to the node's actor.
#include "actors/exit_node/node_registry.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "actors/exit_node/node_actor.hpp"
#include "actors/exit_node/node_selection.hpp"
#include "actors/runtime/errors.hpp"
#include "actors/runtime/messages.hpp"
#include "infra/log.hpp"

namespace sluice::actors {
namespace {

/// A node actor that stopped by itself (its log append failed) is started again after this, so
/// a log that keeps failing is not retried in a tight loop.
constexpr std::chrono::seconds node_restart_delay{1};

struct registry_state {
  static inline const char* name = "exit_nodes";
  std::vector<node_health> nodes;
  std::map<std::string, caf::actor> node_actors; ///< Configured nodes only.
  std::shared_ptr<const actor_context> ctx;
  bool stopping = false;
  std::set<std::string> ready; ///< Configured nodes whose actor has started.
  std::vector<caf::typed_response_promise<bool>> awaiting_ready;

  node_health* find(const std::string& id) {
    for (auto& n : nodes) {
      if (n.info.id == id)
        return &n;
    }
    return nullptr;
  }
};

using self_ptr = caf::stateful_actor<registry_state>*;

void start_node(self_ptr self, const exit_node_info& info) {
  auto handle = spawn_exit_node(self, info.id, info, self->state.ctx);
  self->monitor(handle);
  self->state.node_actors[info.id] = std::move(handle);
}

void start_nodes(self_ptr self) {
  const auto& options = self->state.ctx->options;
  for (const auto& info : options.exit_nodes)
    start_node(self, info);
  for (const auto& id : options.registered_nodes) {
    if (self->state.find(id) == nullptr)
      spawn_exit_node(self, id, std::nullopt, self->state.ctx); // Retires itself and stops.
  }
}

void on_node_stopped(self_ptr self, const caf::down_msg& msg) {
  auto& st = self->state;
  const auto i = std::find_if(st.node_actors.begin(), st.node_actors.end(),
                              [&](const auto& e) { return e.second.address() == msg.source; });
  if (i == st.node_actors.end() || st.stopping)
    return;
  infra::log_warn("exit_nodes", "node " + i->first + "'s actor stopped ("
                                  + caf::to_string(msg.reason) + "); starting it again");
  self->delayed_send(self, node_restart_delay, node_start_atom::value, i->first);
  st.node_actors.erase(i);
}

caf::behavior registry(self_ptr self, std::shared_ptr<const actor_context> ctx) {
  const auto& bound_before = ctx->options.node_sessions;
  for (const auto& info : ctx->options.exit_nodes) {
    const auto before = bound_before.find(info.id);
    self->state.nodes.push_back(
      node_health{info, {}, before == bound_before.end() ? 0 : before->second});
  }
  self->state.ctx = std::move(ctx);
  self->set_down_handler([self](caf::down_msg& msg) { on_node_stopped(self, msg); });
  self->set_exit_handler([self](caf::exit_msg& msg) {
    self->state.stopping = true;
    for (const auto& [id, handle] : self->state.node_actors)
      self->send_exit(handle, msg.reason);
    self->quit(msg.reason);
  });
  start_nodes(self);
  return {
    [self](pick_atom, const pick_request& request) -> caf::result<std::string> {
      auto& st = self->state;
      for (auto& n : st.nodes)
        n.down_until = st.ctx->node_health->down_until(n.info.id);
      auto picked = pick_node(st.nodes, request, st.ctx->clock->steady_now());
      if (!picked)
        return to_caf_error(errc::unavailable);
      if (*picked != request.current) {
        if (auto* left = st.find(request.current); left != nullptr && left->load > 0)
          --left->load;
        ++st.find(*picked)->load;
      }
      return *picked;
    },
    [self](unbound_atom, const std::string& node) {
      if (auto* n = self->state.find(node); n != nullptr && n->load > 0)
        --n->load;
    },
    [self](node_fail_atom, node_failure& failure) -> caf::result<node_health_view> {
      auto& st = self->state;
      const auto i = st.node_actors.find(failure.node);
      if (i == st.node_actors.end())
        return to_caf_error(errc::not_found); // Not configured, or its actor is restarting.
      auto promise = self->make_response_promise<node_health_view>();
      promise.delegate(i->second, node_fail_atom::value, std::move(failure));
      return promise;
    },
    [self](node_probed_atom, const std::string& node, std::string& failure) {
      if (const auto i = self->state.node_actors.find(node); i != self->state.node_actors.end())
        self->send(i->second, node_probed_atom::value, std::move(failure));
    },
    [self](node_ready_atom, const std::string& id) {
      auto& st = self->state;
      st.ready.insert(id);
      if (st.ready.size() < st.nodes.size())
        return;
      for (auto& promise : st.awaiting_ready)
        promise.deliver(true);
      st.awaiting_ready.clear();
    },
    [self](all_ready_atom) -> caf::result<bool> {
      auto& st = self->state;
      if (st.ready.size() >= st.nodes.size())
        return true;
      st.awaiting_ready.push_back(self->make_response_promise<bool>());
      return st.awaiting_ready.back();
    },
    [self](node_start_atom, const std::string& id) {
      if (const auto* n = self->state.find(id); n != nullptr && !self->state.stopping)
        start_node(self, n->info);
    },
  };
}

} // namespace

caf::actor spawn_node_registry(caf::actor_system& system,
                               std::shared_ptr<const actor_context> ctx) {
  return system.spawn(registry, std::move(ctx));
}

} // namespace sluice::actors
