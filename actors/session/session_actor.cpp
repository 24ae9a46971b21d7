// CAF glue of the sticky session: keep a usable node, or ask the registry; decide with
// session_rules, commit. Use of the session (connections, and bytes its tunnels relay as the
// account reports them) is kept in memory and written as SessionActive when the record grows
// stale, and before the actor retires or stops, so idleness survives both. The session expiry
// watch is kept told of the binding's last written use, so it can end the binding on time even
// when nothing connects to the session again.
#include "actors/session/session_actor.hpp"

#include <algorithm>
#include <optional>

#include "actors/runtime/event_sourced.hpp"
#include "actors/runtime/messages.hpp"
#include "actors/session/session_rules.hpp"

namespace sluice::actors {
namespace {

struct session_live {
  /// Use not yet written: the latest connection, or bytes relayed.
  events::timestamp touched{};
  /// The last use the expiry watch has for this session; the epoch: it has none; unset: not
  /// known (a new actor), so the first update is sent whatever it is.
  std::optional<events::timestamp> watched;
};

using session_traits = fold_traits<session_state, &session_from_snapshot, session_live>;
using self_ptr = es_actor<session_traits>*;

template <class T>
auto deliver_when_durable(caf::response_promise promise, T answer) {
  return [promise, answer = std::move(answer)](const auto&) mutable {
    return [promise, answer](std::error_code ec) mutable {
      if (ec) {
        promise.deliver(to_caf_error(ec));
      } else {
        promise.deliver(answer);
      }
    };
  };
}

/// The session's last use, written or not.
events::timestamp last_use(const es_state<session_traits>& st) {
  return std::max(st.fold.last_active_at, st.live.touched);
}

/// Tells the expiry watch of a new binding or a newer written use, or that the binding ended.
/// Called after each commit: the fold is already what the commit decided.
void tell_watch(self_ptr self) {
  auto& st = self->state;
  const auto known = st.fold.node.empty() ? events::timestamp{} : st.fold.last_active_at;
  if (st.live.watched == known)
    return;
  st.live.watched = known;
  if (st.fold.node.empty()) {
    self->send(st.ctx->session_expiry, expiry_watch_atom::value, st.id);
  } else {
    self->send(st.ctx->session_expiry, expiry_watch_atom::value, st.id,
               std::int64_t{known.time_since_epoch().count()});
  }
}

/// SessionActive when the written record is stale (`settle`: when the actor retires or stops).
void record_use(self_ptr self, bool settle) {
  auto& st = self->state;
  auto decided = decide_activity(st.fold, st.live.touched, st.ctx->options.session_idle_ttl,
                                 settle);
  if (!decided.empty())
    es_commit(self, decided, [](const auto&) { return [](std::error_code) {}; });
  tell_watch(self);
}

/// Bytes relayed by one of the session's tunnels, from its account. Use after the binding
/// expired revives nothing: the next connection writes SessionExpired.
void note_use(self_ptr self, events::timestamp at) {
  auto& st = self->state;
  const auto ttl = st.ctx->options.session_idle_ttl;
  if (binding_expired(st.fold, last_use(st), st.ctx->clock->now(), ttl))
    return;
  st.live.touched = std::max(st.live.touched, at);
  record_use(self, false);
}

/// The registry keeps a bound node that is usable, so a session can see that for itself.
bool keeps_its_node(self_ptr self, const bind_session& command, bool expired) {
  const auto& st = self->state;
  return !expired && !st.fold.node.empty() && !command.blacklist.contains(st.fold.node)
         && st.ctx->node_health->usable(st.fold.node, command.tunnel.country,
                                        st.ctx->clock->steady_now());
}

caf::result<session_view> bind(self_ptr self, const bind_session& command) {
  auto& st = self->state;
  const auto now = st.ctx->clock->now();
  const auto ttl = st.ctx->options.session_idle_ttl;
  const bool expired = binding_expired(st.fold, last_use(st), now, ttl);
  auto promise = self->make_response_promise<session_view>();
  if (keeps_its_node(self, command, expired)) {
    // What the registry's answer would lead to: no binding event, the view once durable.
    st.live.touched = now;
    const auto decided = decide_activity(st.fold, now, ttl, false);
    es_commit(self, decided, [promise](const auto& fold) mutable {
      return deliver_when_durable(promise, view(fold))(fold);
    });
    tell_watch(self);
    return promise;
  }
  pick_request request{command.tunnel.country, command.tunnel.service,
                       expired ? std::string{} : st.fold.node, st.fold.previous_node,
                       command.blacklist};
  // `.await`: connections of one session bind one at a time, so they all get the same node. No
  // CAF timeout (each arms a timer on CAF's clock thread): the registry answers every pick at
  // once with a value or an error, and CAF answers with an error if the registry is gone.
  self->request(st.ctx->exit_nodes, caf::infinite, pick_atom::value, request)
    .await(
      [self, promise, command, expired, now](std::string& picked) mutable {
        auto& s = self->state;
        if (expired)
          self->send(s.ctx->exit_nodes, unbound_atom::value, s.fold.node);
        s.live.touched = now;
        const bool configured = s.ctx->node_health->serves(s.fold.node, command.tunnel.country);
        auto decided = decide_binding(s.fold, command.tunnel, picked, command.blacklist, expired,
                                      configured);
        if (decided.empty())
          decided = decide_activity(s.fold, now, s.ctx->options.session_idle_ttl, false);
        es_commit(self, decided, [promise](const auto& fold) mutable {
          return deliver_when_durable(promise, view(fold))(fold);
        });
        tell_watch(self);
      },
      [promise](caf::error& err) mutable { promise.deliver(err); });
  return promise;
}

caf::result<session_view> release(self_ptr self, const release_session& command) {
  auto& st = self->state;
  auto decided = decide_release(st.fold, command);
  if (!decided)
    return to_caf_error(decided.error());
  auto released = view(st.fold);
  if (!decided->empty())
    self->send(st.ctx->exit_nodes, unbound_atom::value, released.node);
  if (command.discard)
    released.node = discarded_node(st.fold); // What the account blacklists, bound or not.
  auto promise = self->make_response_promise<session_view>();
  es_commit(self, *decided, deliver_when_durable(promise, std::move(released)));
  tell_watch(self);
  return promise;
}

/// Offers the actor for retirement now rather than after idle_stop: one spawned only to expire
/// has nothing more to do, and a backlog of expiries after a long stop must not keep thousands
/// of them resident. The directory keeps it if a command was routed to it meanwhile.
void offer_retirement(self_ptr self) {
  auto& st = self->state;
  self->send(st.directory, idle_atom::value, st.id, st.handled);
}

/// The expiry watch found the binding's TTL over by its record: SessionExpired if no unwritten
/// use says otherwise (the node then counts it no more), else the watch gets that later use.
void expire(self_ptr self) {
  auto& st = self->state;
  const auto node = st.fold.node;
  const auto ttl = st.ctx->options.session_idle_ttl;
  auto decided = decide_expiry(st.fold, last_use(st), st.ctx->clock->now(), ttl);
  st.live.watched = events::timestamp{}; // The watch forgot it when it asked.
  if (decided.empty()) {
    if (node.empty()) {
      offer_retirement(self);
      return;
    }
    st.live.watched = last_use(st);
    self->send(st.ctx->session_expiry, expiry_watch_atom::value, st.id,
               std::int64_t{last_use(st).time_since_epoch().count()});
    return;
  }
  self->send(st.ctx->exit_nodes, unbound_atom::value, node);
  es_commit(self, decided, [self](const auto&) {
    return [self](std::error_code ec) {
      if (!ec)
        offer_retirement(self);
    };
  });
}

caf::behavior session_behavior(self_ptr self, std::string id, caf::actor directory,
                               std::shared_ptr<const actor_context> ctx) {
  auto stream = session_stream(id);
  es_init(self, std::move(id), std::move(stream), std::move(directory), std::move(ctx));
  self->set_exit_handler([self](caf::exit_msg& msg) {
    record_use(self, true);
    es_exit(self, msg.reason);
  });
  return {
    [self](bind_atom, const bind_session& command) -> caf::result<session_view> {
      return es_guarded(self, [&] { return bind(self, command); });
    },
    [self](release_atom, const release_session& command) -> caf::result<session_view> {
      return es_guarded(self, [&] { return release(self, command); });
    },
    [self](used_atom, const session_used& used) {
      if (es_begin_command(self))
        note_use(self, used.at);
    },
    [self](expire_atom) {
      if (es_begin_command(self))
        expire(self);
    },
    es_appended_handler(self),
    es_tick_handler(self, [self] { record_use(self, true); }),
  };
}

} // namespace

caf::actor spawn_session(caf::event_based_actor* directory, const std::string& actor_id,
                         std::shared_ptr<const actor_context> ctx) {
  return directory->spawn(session_behavior, actor_id, caf::actor_cast<caf::actor>(directory),
                          std::move(ctx));
}

} // namespace sluice::actors
