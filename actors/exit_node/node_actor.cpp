// CAF glue of the exit node: decide with node_rules, commit, mirror the fold's health on the
// board, keep a timer for the end of its cool-down and one for the routine check of a node that
// is up. Once its registration and health are durable and on the board, it tells the registry it
// is ready.
#include "actors/exit_node/node_actor.hpp"

#include <algorithm>
#include <utility>

#include "actors/exit_node/node_rules.hpp"
#include "actors/runtime/event_sourced.hpp"
#include "infra/log.hpp"

namespace sluice::actors {
namespace {

/// The checks the gateway is making: at most one at a time, since their results name only the
/// node.
struct node_live {
  events::timestamp::rep checking = 0; ///< The cool-down (its end) being checked; 0 for none.
  bool checking_up = false;            ///< A routine check of the node while it was up.
};

using node_traits = fold_traits<node_state, &node_from_snapshot, node_live>;
using self_ptr = es_actor<node_traits>*;

void commit(self_ptr self, const std::vector<events::any_event>& decided) {
  es_commit(self, decided, [](const auto&) { return [](std::error_code) {}; });
}

/// The fold's cool-down on the board (steady time, as the board's readers compare it), and a
/// timer for its end. The timer names the cool-down it was set for, so a stale one does nothing.
void publish_health(self_ptr self) {
  auto& st = self->state;
  if (!st.fold.down())
    return;
  const auto left = std::max(st.fold.down_until - st.ctx->clock->now(),
                             events::timestamp::duration::zero());
  st.ctx->node_health->mark_down(st.id, st.ctx->clock->steady_now() + left);
  self->delayed_send(self, std::chrono::duration_cast<caf::timespan>(left),
                     node_recover_atom::value, st.fold.down_until.time_since_epoch().count());
}

/// Registration (or retirement) once the stream is loaded, and NodeUp for a cool-down that ran
/// out while sluice was stopped.
void start(self_ptr self, const std::optional<exit_node_info>& configured) {
  auto& st = self->state;
  if (!configured) {
    es_commit(self, decide_retirement(st.fold), [self](const auto& fold) {
      return [self, node = fold.node](std::error_code ec) {
        if (!ec && !node.empty())
          infra::log_info("exit_nodes", "node " + node + " is no longer configured: retired");
        self->quit();
      };
    });
    return;
  }
  commit(self, decide_registration(st.fold, *configured));
  commit(self, decide_recovery(st.fold, st.ctx->clock->now()));
  publish_health(self);
  const auto interval = st.ctx->options.node_check_interval;
  if (interval > interval.zero())
    self->delayed_send(self, interval, node_check_atom::value);
  es_after_durable(self, [self](std::error_code ec) {
    if (!ec)
      self->send(self->state.directory, node_ready_atom::value, self->state.id);
  });
}

caf::result<node_health_view> fail(self_ptr self, const node_failure& failure) {
  auto& st = self->state;
  const auto cooldown = st.ctx->options.node_cooldown;
  auto decided = decide_failure(st.fold, failure.reason, st.ctx->clock->now(), cooldown);
  if (!decided)
    return to_caf_error(decided.error());
  if (!decided->empty()) {
    infra::log_warn("exit_nodes", "node " + st.id + " failed (" + failure.reason + "); skipped for "
                                    + std::to_string(cooldown.count()) + " ms");
  }
  auto promise = self->make_response_promise<node_health_view>();
  es_commit(self, *decided, [promise](const node_state& fold) {
    return [promise, v = node_health_view{fold.node, fold.down(), fold.down_until}](
             std::error_code ec) mutable {
      if (ec) {
        promise.deliver(to_caf_error(ec));
      } else {
        promise.deliver(v);
      }
    };
  });
  if (!decided->empty())
    publish_health(self); // Before the answer: every open from now on skips the node.
  return promise;
}

/// The end of a cool-down: the gateway checks the node first if it can (the answer comes as
/// node_probed_atom); without a gateway the node is simply up again.
void recover(self_ptr self, events::timestamp::rep armed_for) {
  auto& st = self->state;
  if (!st.fold.down() || st.fold.down_until.time_since_epoch().count() != armed_for)
    return; // A cool-down since replaced or ended.
  auto decided = decide_recovery(st.fold, st.ctx->clock->now());
  if (decided.empty())
    return publish_health(self); // The timer ran early by this clock: wait for the rest.
  if (st.live.checking == armed_for || st.live.checking_up)
    return; // A routine check still out asks for this one when it comes back (probed).
  if (st.ctx->probes->ask(st.id)) {
    st.live.checking = armed_for;
    return;
  }
  infra::log_info("exit_nodes", "node " + st.id + "'s cool-down is over");
  commit(self, decided);
}

/// The routine check of a node that is up, every `node_check_interval`: only one that fails
/// writes anything (NodeDown), so a healthy node costs the log nothing.
void check(self_ptr self) {
  auto& st = self->state;
  self->delayed_send(self, st.ctx->options.node_check_interval, node_check_atom::value);
  if (st.fold.registered() && !st.fold.down() && st.live.checking == 0 && !st.live.checking_up)
    st.live.checking_up = st.ctx->probes->ask(st.id);
}

/// A routine check's result. If a failure report overtook it, it says nothing of the cool-down
/// since begun; if that is already over, its own check is asked for now (recover waited).
void routine_checked(self_ptr self, const std::string& failure) {
  auto& st = self->state;
  const auto now = st.ctx->clock->now();
  if (st.fold.down()) {
    if (st.fold.down_until <= now)
      recover(self, st.fold.down_until.time_since_epoch().count());
    return;
  }
  const auto base = st.ctx->options.node_cooldown;
  auto decided = decide_check_result(st.fold, failure, now, base);
  if (decided.empty())
    return;
  infra::log_warn("exit_nodes", "node " + st.id + " failed its check (" + failure
                                  + "); skipped for " + std::to_string(base.count()) + " ms");
  commit(self, decided);
  publish_health(self);
}

/// The gateway's check: a routine one, or one for the cool-down it was asked about; a cool-down
/// check that a failure report overtook (a new cool-down) is dropped.
void probed(self_ptr self, const std::string& failure) {
  auto& st = self->state;
  if (std::exchange(st.live.checking_up, false))
    return routine_checked(self, failure);
  const auto checked = std::exchange(st.live.checking, 0);
  if (!st.fold.down() || st.fold.down_until.time_since_epoch().count() != checked)
    return;
  const auto base = st.ctx->options.node_cooldown;
  auto decided = decide_probe_result(st.fold, failure, st.ctx->clock->now(), base);
  if (decided.empty())
    return;
  if (failure.empty()) {
    infra::log_info("exit_nodes", "node " + st.id + " works again");
  } else {
    infra::log_warn("exit_nodes", "node " + st.id + " still fails (" + failure + "); skipped for "
                                    + std::to_string(cooldown_for(st.fold, base).count()) + " ms");
  }
  commit(self, decided);
  publish_health(self);
}

caf::behavior node_behavior(self_ptr self, std::string id, caf::actor registry,
                            std::optional<exit_node_info> configured,
                            std::shared_ptr<const actor_context> ctx) {
  auto stream = node_stream(id);
  es_init(self, std::move(id), std::move(stream), std::move(registry), std::move(ctx));
  // Queued behind the load that es_init awaits, and ahead of any failure report.
  self->send(self, node_start_atom::value);
  return {
    [self, configured](node_start_atom) { start(self, configured); },
    [self](node_fail_atom, const node_failure& failure) -> caf::result<node_health_view> {
      return es_guarded(self, [&] { return fail(self, failure); });
    },
    [self](node_recover_atom, events::timestamp::rep armed_for) { recover(self, armed_for); },
    [self](node_probed_atom, const std::string& failure) { probed(self, failure); },
    [self](node_check_atom) { check(self); },
    [](tick_atom) {}, // Nodes never retire for idleness: their cool-down timers must run.
    es_appended_handler(self),
  };
}

} // namespace

caf::actor spawn_exit_node(caf::event_based_actor* registry, const std::string& node_id,
                           std::optional<exit_node_info> configured,
                           std::shared_ptr<const actor_context> ctx) {
  return registry->spawn(node_behavior, node_id, caf::actor_cast<caf::actor>(registry),
                         std::move(configured), std::move(ctx));
}

} // namespace sluice::actors
