// The reactor's reading side: recovery from its snapshot, the tail of the log, scheduling, the
// appends it makes, snapshots. The sending side is in reactor_sending.cpp.
#include "actors/reactors/webhook_reactor.hpp"

#include <algorithm>
#include <numeric>

#include "actors/reactors/log_tailer.hpp"
#include "actors/reactors/reactor_state.hpp"
#include "actors/runtime/errors.hpp"
#include "infra/log.hpp"

namespace sluice::actors {
namespace {

/// Where the reactor keeps its fold: a snapshot under a name no stream has.
constexpr std::string_view snapshot_stream = "reactor/webhook_deliveries";
constexpr std::chrono::milliseconds wake_period{500};
constexpr std::chrono::seconds retry_after_error{1};
constexpr std::uint64_t snapshot_every_events = 1000;
constexpr std::chrono::seconds snapshot_every{10};
/// Triggers older than the whole retry schedule, and never less than this, schedule nothing.
constexpr std::chrono::hours horizon_min{1};

void request_tail(reactor_ptr self);

/// Creates the delivery's stream. Counted in flight until it lands, so no snapshot passes the
/// trigger before; a failed append is tried again with backoff, never dropped.
void schedule(reactor_ptr self, const events::webhook_delivery_scheduled& scheduled,
              std::chrono::milliseconds backoff = {}) {
  auto& st = self->state;
  infra::append_request request{
    delivery_stream(scheduled.delivery_id), 0, {}, st.ctx->clock->now()};
  request.events.push_back(events::encode(events::any_event{scheduled}));
  if (backoff == std::chrono::milliseconds{})
    ++st.appends_in_flight;
  st.ctx->log->async_append(std::move(request), [handle = caf::actor_cast<caf::actor>(self),
                                                 scheduled, backoff](auto outcome) {
    std::error_code ec = outcome ? std::error_code{} : outcome.error();
    caf::anon_send(handle, actor_job{[ec, scheduled, backoff](caf::event_based_actor* a) {
                     auto* reactor = static_cast<reactor_ptr>(a);
                     // A conflict: scheduled already (the log was read again after a restart).
                     if (!ec || ec == make_error_code(errc::version_conflict)
                         || ec == make_error_code(errc::shutting_down)) {
                       --reactor->state.appends_in_flight;
                       return;
                     }
                     const auto next = next_backoff(backoff);
                     infra::log_error("webhooks", "scheduling " + scheduled.delivery_id
                                                    + " failed, trying again: " + ec.message());
                     reactor->delayed_send(reactor, next, actor_job{[scheduled, next](auto* b) {
                                             schedule(static_cast<reactor_ptr>(b), scheduled, next);
                                           }});
                   }});
  });
}

/// The bookkeeping of the reactor's own appends, as the log shows them to it.
void settle(reactor_state& st, const events::envelope& env) {
  const auto id = env.stream.substr(env.stream.find('/') + 1);
  if (auto w = st.written.find(id); w != st.written.end() && env.version >= w->second)
    st.written.erase(w);
  if (auto q = st.requested_at.find(id); q != st.requested_at.end() && env.version >= q->second)
    st.requested_at.erase(q);
  if (auto r = st.recorded_at.find(id);
      r != st.recorded_at.end() && env.version >= r->second.version) {
    st.recorded_at.erase(r);
    st.sending.erase(id);
  }
}

void maybe_snapshot(reactor_ptr self) {
  auto& st = self->state;
  // A snapshot past a trigger whose scheduling is not durable yet could lose that delivery.
  if (st.appends_in_flight > 0 || st.fold.position == st.saved_position)
    return;
  const auto now = st.ctx->clock->steady_now();
  if (st.fold.position - st.saved_position < snapshot_every_events
      && now - st.saved_at < snapshot_every) {
    return;
  }
  caf::anon_send(st.ctx->reader, save_atom::value, std::string{snapshot_stream},
                 infra::snapshot{st.fold.position, to_snapshot(st.fold)});
  st.saved_position = st.fold.position;
  st.saved_at = now;
}

void on_batch(reactor_ptr self, log_batch& batch) {
  auto& st = self->state;
  if (batch.error) {
    infra::log_error("webhooks", "reading the log failed: " + batch.error.message());
    self->delayed_send(self, retry_after_error, tail_atom::value);
    return;
  }
  const auto now = st.ctx->clock->now();
  for (const auto& env : batch.events) {
    if (!reactor_reads(env.type)) {
      st.fold.position = env.seq;
      continue;
    }
    auto decoded = events::decode(env);
    if (!decoded) {
      infra::log_error("webhooks", "event " + std::to_string(env.seq) + " does not decode");
      st.fold.position = env.seq;
      continue;
    }
    evolve(st.fold, env, *decoded);
    if (env.stream.starts_with("delivery/"))
      settle(st, env);
    for (const auto& s : deliveries_for_trigger(st.fold, env, *decoded, now, st.horizon))
      schedule(self, s);
  }
  if (batch.events.size() < log_tailer_batch_events)
    st.caught_up = true;
  dispatch_due(self);
  maybe_snapshot(self);
  request_tail(self);
}

void request_tail(reactor_ptr self) {
  self->request(self->state.tailer, caf::infinite, tail_atom::value, self->state.fold.position)
    .then([self](log_batch& batch) { on_batch(self, batch); },
          [self](caf::error& err) {
            infra::log_error("webhooks", "the log tailer failed: " + caf::to_string(err));
            self->delayed_send(self, retry_after_error, tail_atom::value);
          });
}

void recover(reactor_ptr self) {
  self
    ->request(self->state.ctx->reader, caf::infinite, load_atom::value,
              std::string{snapshot_stream})
    .then(
      [self](loaded_stream& loaded) {
        auto& st = self->state;
        if (loaded.error) {
          infra::log_error("webhooks", "loading the snapshot failed: " + loaded.error.message());
          self->delayed_send(self, retry_after_error, load_atom::value);
          return;
        }
        if (loaded.snap) {
          auto fold = delivery_fold_from_snapshot(loaded.snap->state);
          if (fold) {
            st.fold = std::move(*fold);
          } else {
            infra::log_error("webhooks", "the snapshot does not decode; reading the whole log");
          }
        }
        st.saved_position = st.fold.position;
        st.saved_at = st.ctx->clock->steady_now();
        st.loaded = true;
        request_tail(self);
      },
      [self](caf::error&) { self->delayed_send(self, retry_after_error, load_atom::value); });
}

caf::behavior reactor_behavior(reactor_ptr self, std::shared_ptr<const actor_context> ctx,
                               infra::webhook_sender* sender, infra::webhooks_config config) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.sender = sender;
  st.policy.schedule = config.retry_schedule;
  // At least an hour, so a reactor that fell behind (or a short test schedule) still sends.
  st.horizon = std::max<std::chrono::milliseconds>(std::accumulate(config.retry_schedule.begin(),
                                                                   config.retry_schedule.end(),
                                                                   std::chrono::milliseconds{0}),
                                                   horizon_min);
  st.tailer = self->spawn<caf::detached + caf::linked>(log_tailer, st.ctx->log);
  recover(self);
  self->delayed_send(self, wake_period, wake_atom::value);
  return {
    [self](redeliver_atom, const redeliver_webhook& cmd) -> caf::result<redelivery_view> {
      return request_redelivery(self, cmd);
    },
    [self](attempted_atom, const std::string& id, bool manual,
           const infra::webhook_response& answer) { record_attempt(self, id, manual, answer); },
    [self](actor_job& job) { job(self); },
    [self](tail_atom) { request_tail(self); },
    [self](load_atom) { recover(self); },
    [self](wake_atom) {
      dispatch_due(self);
      maybe_snapshot(self);
      self->delayed_send(self, wake_period, wake_atom::value);
    },
  };
}

} // namespace

std::chrono::milliseconds next_backoff(std::chrono::milliseconds previous) {
  return std::clamp<std::chrono::milliseconds>(previous * 2, std::chrono::seconds{1},
                                               std::chrono::seconds{30});
}

std::uint64_t append_to_delivery(reactor_ptr self, const std::string& delivery_id,
                                 std::uint64_t folded_version,
                                 const std::vector<events::any_event>& events,
                                 std::function<void(std::error_code)> then) {
  auto& st = self->state;
  auto expected = folded_version;
  if (auto it = st.written.find(delivery_id); it != st.written.end()) {
    if (it->second > folded_version) {
      expected = it->second;
    } else {
      st.written.erase(it); // The fold caught up.
    }
  }
  infra::append_request request{delivery_stream(delivery_id), expected, {}, st.ctx->clock->now()};
  for (const auto& e : events)
    request.events.push_back(events::encode(e));
  const auto reached = expected + request.events.size();
  st.written[delivery_id] = reached;
  ++st.appends_in_flight;
  st.ctx->log->async_append(std::move(request), [handle = caf::actor_cast<caf::actor>(self),
                                                 delivery_id,
                                                 then = std::move(then)](auto outcome) {
    std::error_code ec = outcome ? std::error_code{} : outcome.error();
    caf::anon_send(handle, actor_job{[ec, delivery_id, then](caf::event_based_actor* a) {
                     auto& state = static_cast<reactor_ptr>(a)->state;
                     --state.appends_in_flight;
                     if (ec) {
                       state.written.erase(delivery_id);
                       infra::log_error("webhooks",
                                        "recording " + delivery_id + " failed: " + ec.message());
                     }
                     then(ec);
                   }});
  });
  return reached;
}

caf::actor
spawn_webhook_reactor(caf::actor_system& system, std::shared_ptr<const actor_context> ctx,
                      infra::webhook_sender* sender, const infra::webhooks_config& config) {
  return system.spawn(reactor_behavior, std::move(ctx), sender, config);
}

} // namespace sluice::actors
