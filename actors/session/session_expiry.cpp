// The session expiry watch (see the header): deadlines in time order, one timer for the earliest.
#include "actors/session/session_expiry.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "actors/runtime/messages.hpp"
#include "actors/session/session_state.hpp"

namespace sluice::actors {
namespace {

struct expiry_state {
  static inline const char* name = "session_expiry";
  std::shared_ptr<const actor_context> ctx;
  std::map<std::string, events::timestamp> deadline_of;
  /// The same deadlines in time order, pointing at deadline_of's keys (stable while they are
  /// there) so each id is stored once.
  std::set<std::pair<events::timestamp, const std::string*>> by_deadline;
  /// The deadline the pending timer is for; a timer for any other one is stale and ignored.
  std::optional<events::timestamp> armed_for;
};

using self_ptr = caf::stateful_actor<expiry_state>*;

void forget(self_ptr self, const std::string& id) {
  auto& st = self->state;
  if (auto it = st.deadline_of.find(id); it != st.deadline_of.end()) {
    st.by_deadline.erase({it->second, &it->first});
    st.deadline_of.erase(it);
  }
}

/// One timer, for the earliest deadline; re-armed only when that deadline moves earlier or the
/// armed one has passed, so a stream of later deadlines costs no timers.
/// `pause`: the least wait, between batches of a backlog.
void arm(self_ptr self, std::chrono::milliseconds pause = {}) {
  auto& st = self->state;
  if (st.by_deadline.empty())
    return;
  const auto earliest = st.by_deadline.begin()->first;
  if (st.armed_for && *st.armed_for <= earliest)
    return;
  st.armed_for = earliest;
  const auto wait = std::max(earliest - st.ctx->clock->now(), pause);
  self->delayed_send(self, std::chrono::duration_cast<caf::timespan>(wait), expiry_due_atom::value,
                     std::int64_t{earliest.time_since_epoch().count()});
}

void watch(self_ptr self, const std::string& id, events::timestamp last_active) {
  auto& st = self->state;
  forget(self, id);
  // The first millisecond past the TTL: a binding idle for exactly the TTL is still bound
  // (binding_expired), and asking then would only bring the same answer back.
  const auto deadline = last_active + st.ctx->options.session_idle_ttl
                        + std::chrono::milliseconds{1};
  const auto it = st.deadline_of.emplace(id, deadline).first;
  st.by_deadline.emplace(deadline, &it->first);
  arm(self);
}

/// Asks each session past its deadline to expire; the session answers with a new watch if it
/// was used meanwhile. A batch at a time, the rest after a pause.
void expire_due(self_ptr self) {
  auto& st = self->state;
  const auto now = st.ctx->clock->now();
  std::size_t asked = 0;
  while (!st.by_deadline.empty() && st.by_deadline.begin()->first <= now
         && asked < expiries_per_batch) {
    auto id = *st.by_deadline.begin()->second;
    forget(self, id);
    self->send(st.ctx->sessions, route_atom::value, id, caf::make_message(expire_atom::value));
    ++asked;
  }
  arm(self, asked == expiries_per_batch ? expiry_batch_pause : std::chrono::milliseconds{});
}

caf::behavior session_expiry(self_ptr self, std::shared_ptr<const actor_context> ctx,
                             std::vector<bound_session> seed) {
  self->state.ctx = std::move(ctx);
  for (const auto& b : seed)
    watch(self, session_actor_id(b.account_id, b.session, b.country), b.last_active_at);
  return {
    [self](expiry_watch_atom, const std::string& id, std::int64_t last_active_ms) {
      watch(self, id, events::timestamp{std::chrono::milliseconds{last_active_ms}});
    },
    [self](expiry_watch_atom, const std::string& id) {
      forget(self, id);
      // The armed timer may now be for nothing: it fires, finds nothing due, and re-arms.
    },
    [self](expiry_due_atom, std::int64_t armed_ms) {
      auto& st = self->state;
      const events::timestamp armed{std::chrono::milliseconds{armed_ms}};
      if (st.armed_for != armed)
        return;
      st.armed_for.reset();
      expire_due(self);
    },
  };
}

} // namespace

caf::actor spawn_session_expiry(caf::actor_system& system, std::shared_ptr<const actor_context> ctx,
                                std::vector<bound_session> seed) {
  return system.spawn(session_expiry, std::move(ctx), std::move(seed));
}

} // namespace sluice::actors
