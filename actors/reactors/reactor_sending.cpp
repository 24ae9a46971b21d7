// The reactor's sending side: due attempts, their answers, redeliveries by hand.
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <variant>

#include "actors/reactors/reactor_state.hpp"
#include "actors/runtime/errors.hpp"
#include "infra/crypto.hpp"
#include "infra/log.hpp"

namespace sluice::actors {
namespace {

constexpr std::size_t sends_in_flight_max = 32;

/// Appends what became of a delivery's attempt (or its end without one). Until the log shows
/// it, the delivery stays in `sending`; a failed append is tried again with backoff, so the
/// receiver is not sent the same delivery again because the log was briefly unavailable.
void record(reactor_ptr self, const std::string& id, const std::vector<events::any_event>& evs,
            std::chrono::milliseconds backoff = {}) {
  auto& st = self->state;
  auto held = st.fold.deliveries.find(id);
  if (held == st.fold.deliveries.end()) {
    st.sending.erase(id);
    return;
  }
  std::uint64_t attempt = 0;
  for (const auto& e : evs) {
    if (const auto* a = std::get_if<events::webhook_delivery_attempted>(&e))
      attempt = a->attempt;
  }
  auto& own = st.recorded_at[id];
  own.attempt = attempt;
  own.version = append_to_delivery(
    self, id, held->second.version, evs, [self, id, evs, backoff](std::error_code ec) {
      if (!ec)
        return;
      auto& state = self->state;
      if (ec == make_error_code(errc::version_conflict)
          || ec == make_error_code(errc::shutting_down)) {
        state.recorded_at.erase(id);
        state.sending.erase(id);
        return;
      }
      const auto next = next_backoff(backoff);
      self->delayed_send(self, next, actor_job{[id, evs, next](caf::event_based_actor* a) {
                           record(static_cast<reactor_ptr>(a), id, evs, next);
                         }});
    });
}

void end_delivery(reactor_ptr self, const pending_delivery& d, std::string outcome) {
  self->state.sending[d.delivery_id] = false;
  record(self, d.delivery_id, {end_without_attempt(d, std::move(outcome))});
}

void send_attempt(reactor_ptr self, const pending_delivery& d, const hook_info& hook, bool manual) {
  auto& st = self->state;
  st.sending[d.delivery_id] = manual;
  auto secret = infra::unseal(st.ctx->options.sealing_key, hook.secret_sealed);
  if (!secret) {
    infra::webhook_response failed;
    failed.error = "the webhook's secret cannot be unsealed with this data directory's key";
    record_attempt(self, d.delivery_id, manual, failed);
    return;
  }
  const auto now = st.ctx->clock->now();
  const auto unix_seconds
    = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  infra::webhook_request request{hook.url, d.body, delivery_headers(d, *secret, unix_seconds)};
  st.sender->send(std::move(request), [handle = caf::actor_cast<caf::actor>(self),
                                       id = d.delivery_id, manual](infra::webhook_response r) {
    caf::anon_send(handle, attempted_atom::value, id, manual, std::move(r));
  });
}

void disable_hook(reactor_ptr self, const pending_delivery& d) {
  auto& st = self->state;
  disable_webhook cmd{d.webhook_id, d.delivery_id, "the receiver answered 410 Gone"};
  self
    ->request(st.ctx->webhooks, st.ctx->request_timeout(), route_atom::value, d.webhook_id,
              caf::make_message(disable_atom::value, std::move(cmd)))
    .then([](const webhook_view&) {},
          [id = d.webhook_id](caf::error& err) {
            // The delivery already records the 410; the next one to this webhook asks again.
            infra::log_error("webhooks", "disabling " + id + " failed: " + caf::to_string(err));
          });
}

} // namespace

void dispatch_due(reactor_ptr self) {
  auto& st = self->state;
  if (!st.loaded || !st.caught_up)
    return;
  const auto now = st.ctx->clock->now();
  for (const auto& [id, d] : st.fold.deliveries) {
    if (st.sending.size() >= sends_in_flight_max)
      return;
    const bool by_hand = d.manual_owed > 0;
    if (st.sending.contains(id) || (!by_hand && (d.completed || d.due_at > now)))
      continue;
    auto hook = st.fold.hooks.find(d.webhook_id);
    const bool usable = hook != st.fold.hooks.end() && hook->second.active;
    if (usable) {
      send_attempt(self, d, hook->second, by_hand);
    } else if (!d.completed) {
      end_delivery(self, d, hook == st.fold.hooks.end() ? "webhook_deleted" : "webhook_disabled");
    } else {
      // A redelivery by hand raced the webhook's deletion: record it as refused.
      infra::webhook_response refused;
      refused.error = "the webhook was deleted or disabled";
      st.sending[id] = true;
      record_attempt(self, id, true, refused);
    }
  }
}

void record_attempt(reactor_ptr self, const std::string& delivery_id, bool manual,
                    const infra::webhook_response& answer) {
  auto& st = self->state;
  auto it = st.fold.deliveries.find(delivery_id);
  if (it == st.fold.deliveries.end()) {
    st.sending.erase(delivery_id);
    return;
  }
  const auto& d = it->second;
  const auto outcome = decide_attempt(d, manual, answer, st.ctx->clock->now(), st.policy, st.rng);
  if (answer.status < 200 || answer.status >= 300) {
    infra::log_warn("webhooks",
                    d.delivery_id + " attempt " + std::to_string(d.attempts + 1) + " to "
                      + d.webhook_id + ": "
                      + (answer.status ? "HTTP " + std::to_string(answer.status) : answer.error));
  }
  if (outcome.disable_webhook)
    disable_hook(self, d);
  record(self, delivery_id, outcome.events);
}

namespace {

void append_redelivery(reactor_ptr self, const pending_delivery& d, const redeliver_webhook& cmd,
                       caf::typed_response_promise<redelivery_view> promise) {
  if (d.delivery_id.empty() || d.webhook_id != cmd.webhook_id || d.account_id != cmd.account_id) {
    promise.deliver(to_caf_error(errc::not_found));
    return;
  }
  auto& st = self->state;
  redelivery_view view{d.delivery_id, d.webhook_id, d.event};
  // One queued is enough (docs/api.md): an attempt by hand in flight pays for one owed, so a
  // request that comes while it is on its way still gets an attempt after it.
  const auto in_flight = st.sending.find(d.delivery_id);
  const std::uint64_t paying = in_flight != st.sending.end() && in_flight->second ? 1 : 0;
  if (st.requested_at.contains(d.delivery_id) || d.manual_owed > paying) {
    promise.deliver(view);
    return;
  }
  // The attempts the stream will hold when this lands: the fold's, or more if this actor's
  // own record of an attempt is ahead of it. Folding that record may drop the delivery, and
  // then this event's count is what the reopened delivery numbers its next attempt from.
  auto attempts = d.attempts;
  if (auto own = st.recorded_at.find(d.delivery_id); own != st.recorded_at.end())
    attempts = std::max(attempts, own->second.attempt);
  events::webhook_redelivery_requested requested{d.delivery_id, d.webhook_id, d.account_id,
                                                 d.event,       d.body,       attempts};
  st.requested_at[d.delivery_id]
    = append_to_delivery(self, d.delivery_id, d.version, {std::move(requested)},
                         [self, id = d.delivery_id, promise, view](std::error_code ec) mutable {
                           if (ec) {
                             self->state.requested_at.erase(id);
                             promise.deliver(to_caf_error(ec));
                           } else {
                             promise.deliver(view);
                           }
                         });
}

} // namespace

caf::result<redelivery_view> request_redelivery(reactor_ptr self, const redeliver_webhook& cmd) {
  auto& st = self->state;
  if (!st.loaded)
    return to_caf_error(errc::unavailable);
  auto hook = st.fold.hooks.find(cmd.webhook_id);
  if (hook == st.fold.hooks.end() || hook->second.account_id != cmd.account_id)
    return to_caf_error(errc::not_found);
  if (!hook->second.active)
    return to_caf_error(errc::forbidden);
  auto promise = self->make_response_promise<redelivery_view>();
  if (auto it = st.fold.deliveries.find(cmd.delivery_id); it != st.fold.deliveries.end()) {
    append_redelivery(self, it->second, cmd, promise);
    return promise;
  }
  // Finished long ago, so not held: its own stream says what it was.
  self
    ->request(st.ctx->reader, st.ctx->request_timeout(), load_atom::value,
              delivery_stream(cmd.delivery_id))
    .then(
      [self, cmd, promise](loaded_stream& loaded) mutable {
        if (loaded.error) {
          promise.deliver(to_caf_error(loaded.error));
          return;
        }
        auto& held = self->state.fold.deliveries;
        if (auto it = held.find(cmd.delivery_id); it != held.end()) {
          append_redelivery(self, it->second, cmd, promise);
          return;
        }
        pending_delivery d;
        for (const auto& env : loaded.tail) {
          if (auto e = events::decode(env))
            evolve_delivery(d, env, *e);
        }
        append_redelivery(self, d, cmd, promise);
      },
      [promise](caf::error& err) mutable { promise.deliver(err); });
  return promise;
}

} // namespace sluice::actors
