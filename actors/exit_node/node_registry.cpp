// CAF glue of the exit-node registry: a table of node_health and pick_node over it, with health
// read from the node_health_board the gateway's failure reports write.
#include "actors/exit_node/node_registry.hpp"

#include "actors/exit_node/node_selection.hpp"
#include "actors/runtime/errors.hpp"
#include "actors/runtime/messages.hpp"

namespace sluice::actors {
namespace {

struct registry_state {
  static inline const char* name = "exit_nodes";
  std::vector<node_health> nodes;
  std::shared_ptr<const actor_context> ctx;

  node_health* find(const std::string& id) {
    for (auto& n : nodes) {
      if (n.info.id == id)
        return &n;
    }
    return nullptr;
  }
};

caf::behavior registry(caf::stateful_actor<registry_state>* self,
                       std::shared_ptr<const actor_context> ctx) {
  const auto& bound_before = ctx->options.node_sessions;
  for (const auto& info : ctx->options.exit_nodes) {
    const auto before = bound_before.find(info.id);
    self->state.nodes.push_back(
      node_health{info, {}, before == bound_before.end() ? 0 : before->second});
  }
  self->state.ctx = std::move(ctx);
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
  };
}

} // namespace

caf::actor spawn_node_registry(caf::actor_system& system,
                               std::shared_ptr<const actor_context> ctx) {
  return system.spawn(registry, std::move(ctx));
}

} // namespace sluice::actors
