// The account actor's tunnel handlers: grants from the wallet, usage debits, close orders.
#include "actors/account/account_tunnels.hpp"

#include "actors/account/account_rules.hpp"
#include "actors/session/session_rules.hpp"
#include "actors/session/session_state.hpp"

namespace sluice::actors {
namespace {

/// Orders one tunnel closed: its relay is told now, or as soon as it starts watching. Its grant
/// is not renewed from here on; its final report still bills what it relayed.
void order_close(account_self self, const std::string& tunnel_id, const std::string& reason) {
  if (self->state.live.closing.emplace(tunnel_id, reason).second)
    self->state.ctx->tunnels->order_close(tunnel_id, reason);
}

template <class Pred>
void close_where(account_self self, const std::string& reason, Pred pred) {
  for (const auto& id : self->state.live.ledger.select(pred))
    order_close(self, id, reason);
}

/// Closes the key's tunnels once its cap leaves less than they hold (a lowered cap) or nothing
/// at all: renewals are refused from then on, so they would only starve.
void close_if_over_quota(account_self self, const std::string& key_id) {
  const auto& st = self->state;
  const auto left = allowance_of(st.fold, key_id).remaining();
  if (!left || (*left > 0 && *left >= st.live.ledger.held_by_key(key_id)))
    return;
  close_where(self, "quota", [&](const live_tunnel& t) { return t.spec.key_id == key_id; });
}

void forget_tunnel(account_self self, const std::string& tunnel_id) {
  self->state.live.closing.erase(tunnel_id);
  self->state.live.use_told.erase(tunnel_id);
  self->state.ctx->tunnels->forget(tunnel_id);
}

/// Bytes relayed keep the tunnel's session in use (its idle TTL counts from them): the session
/// hears of it at most once per activity_record_interval per tunnel, which is as stale as its
/// own record of use may grow anyway.
void tell_session_of_use(account_self self, const live_tunnel& tunnel) {
  auto& st = self->state;
  const auto now = st.ctx->clock->now();
  auto [told, first] = st.live.use_told.try_emplace(tunnel.spec.tunnel_id, now);
  if (!first && now - told->second < activity_record_interval(st.ctx->options.session_idle_ttl))
    return;
  told->second = now;
  const auto& spec = tunnel.spec;
  self->send(st.ctx->sessions, route_atom::value,
             session_actor_id(spec.account_id, spec.session, spec.country),
             caf::make_message(used_atom::value, session_used{now}));
}

/// The continuation that answers `answer` once what it waits for is durable, or the error.
template <class T>
std::function<void(std::error_code)> answer_when_durable(caf::response_promise promise, T answer) {
  return [promise, answer = std::move(answer)](std::error_code ec) mutable {
    if (ec) {
      promise.deliver(to_caf_error(ec));
    } else {
      promise.deliver(answer);
    }
  };
}

template <class T>
void deliver_after_durable(account_self self, caf::response_promise promise, T answer) {
  es_after_durable(self, answer_when_durable(std::move(promise), std::move(answer)));
}

/// A grant waits for what is in flight, except usage debits: a debit lost to a crash leaves bytes
/// unbilled (the allowed direction, DESIGN.md §4), and the balance the grant is drawn from
/// already excludes it. A grant drawn on a credit still in flight, though, must not be relayed
/// before that credit is safe. Under churn some tunnel's final report is nearly always in
/// flight, and waiting for it held every open for an fsync.
void deliver_grant(account_self self, caf::response_promise promise, tunnel_opened answer) {
  auto& st = self->state;
  for (auto pending = st.waiting.rbegin(); pending != st.waiting.rend(); ++pending) {
    if (!st.live.debit_tokens.contains(pending->first)) {
      pending->second.push_back(answer_when_durable(std::move(promise), std::move(answer)));
      return;
    }
  }
  promise.deliver(std::move(answer));
}

/// Marks the append a usage report just made (if any) as a debit, and forgets the durable ones.
void note_debit(account_self self, std::uint64_t token_before) {
  auto& st = self->state;
  auto& debits = st.live.debit_tokens;
  const auto oldest_pending = st.waiting.empty() ? st.next_token + 1 : st.waiting.begin()->first;
  debits.erase(debits.begin(), debits.lower_bound(oldest_pending));
  if (st.next_token != token_before)
    debits.insert(st.next_token);
}

} // namespace

caf::result<tunnel_opened> open_account_tunnel(account_self self, const open_tunnel& command) {
  auto& st = self->state;
  if (!st.fold.exists() || command.account_id != st.fold.account_id)
    return to_caf_error(errc::not_found);
  if (st.live.revoked_keys.contains(command.key_id))
    return to_caf_error(errc::revoked);
  if (auto refused = st.live.ledger.refusal(st.fold, command.key_id); !refused)
    return to_caf_error(refused.error());
  // One customer must not hold every descriptor of the gateway (issue #20 §3).
  if (st.live.ledger.size() + st.live.opening.size() >= st.ctx->options.max_tunnels_per_account)
    return to_caf_error(errc::limit_reached);
  auto promise = self->make_response_promise<tunnel_opened>();
  const auto session_id = session_actor_id(command.account_id, command.session, command.country);
  // No CAF deadline (each one costs the clock thread two wake-ups and a stale message): the
  // gateway keeps its own, and after it gives up its release (a final report) removes the
  // tunnel from `opening`, so a late binding reserves nothing.
  st.live.opening.insert(command.tunnel_id);
  self
    ->request(st.ctx->sessions, caf::infinite, route_atom::value, session_id,
              caf::make_message(bind_atom::value, bind_session{command, st.fold.blacklisted_nodes}))
    .then(
      [self, promise, command](session_view& bound) mutable {
        auto& s = self->state;
        if (s.live.opening.erase(command.tunnel_id) == 0) {
          promise.deliver(to_caf_error(errc::timeout));
          return;
        }
        if (s.live.revoked_keys.contains(command.key_id)) {
          promise.deliver(to_caf_error(errc::revoked));
          return;
        }
        if (s.fold.blacklisted_nodes.contains(bound.node)) {
          // A discard blacklisted the node while the session was answering (it answered this
          // open first): refused as a country without a node, and the session moves off the
          // node at its next connection, as for any blacklisted node.
          promise.deliver(to_caf_error(errc::unavailable));
          return;
        }
        auto granted = s.live.ledger.open(s.fold, command, bound.node, s.ctx->options.grant_bytes);
        if (!granted) {
          promise.deliver(to_caf_error(granted.error()));
          return;
        }
        s.live.use_told[command.tunnel_id] = s.ctx->clock->now(); // The binding was a use.
        deliver_grant(self, promise, tunnel_opened{bound.node, *granted});
      },
      [self, promise, tunnel_id = command.tunnel_id](caf::error& err) mutable {
        self->state.live.opening.erase(tunnel_id);
        promise.deliver(err);
      });
  return promise;
}

namespace {

/// Runs once with the report's renewal or error: at once for an unknown tunnel, else once its
/// debit is durable.
using report_done = std::function<void(std::error_code, grant_renewal)>;

void settle_report(account_self self, const usage_report& report, report_done done) {
  auto& st = self->state;
  const auto* tunnel = st.live.ledger.find(report.tunnel_id);
  if (tunnel == nullptr) {
    // Unknown after a restart of this actor: its grant is gone, so the tunnel must stop. A final
    // report of an unknown tunnel has nothing left to release.
    if (report.final) {
      st.live.opening.erase(report.tunnel_id);   // The gateway gave up on opening it.
      st.ctx->tunnels->forget(report.tunnel_id); // A close order nobody will pick up.
      return done({}, grant_renewal{0});
    }
    return done(make_error_code(errc::not_found), {});
  }
  const bool fresh = report.report > tunnel->last_report;
  const auto billed = fresh ? billable(*tunnel, report) : 0;
  if (billed > 0)
    tell_session_of_use(self, *tunnel);
  const bool renew = !st.live.closing.contains(report.tunnel_id)
                     && !st.live.revoked_keys.contains(tunnel->spec.key_id);
  auto decided = decide_usage(st.fold, *tunnel, report);
  const auto key_id = tunnel->spec.key_id; // `tunnel` is gone once a final report settles.
  const auto after = allowance_after(st.fold, key_id, billed);
  const auto added = st.live.ledger.settle(after, report, billed, renew,
                                           st.ctx->options.grant_bytes);
  const bool refused = !report.final
                       && (!renew || (added == 0 && st.live.ledger.grantable(after, key_id) == 0));
  const auto token_before = st.next_token;
  es_commit(
    self, decided, [done = std::move(done), renewal = grant_renewal{added, refused}](const auto&) {
      return [done, renewal](std::error_code ec) { done(ec, ec ? grant_renewal{} : renewal); };
    });
  note_debit(self, token_before);
  if (report.final)
    forget_tunnel(self, report.tunnel_id);
  if (st.fold.traffic_bytes == 0)
    close_where(self, "wallet_empty", [](const live_tunnel&) { return true; });
  close_if_over_quota(self, key_id);
}

} // namespace

caf::result<grant_renewal> apply_usage_report(account_self self, const usage_report& report) {
  auto promise = self->make_response_promise<grant_renewal>();
  settle_report(self, report, [promise](std::error_code ec, grant_renewal renewal) mutable {
    if (ec) {
      promise.deliver(to_caf_error(ec));
    } else {
      promise.deliver(renewal);
    }
  });
  return promise;
}

caf::result<usage_batch_answer> apply_usage_batch(account_self self, const usage_batch& batch) {
  auto promise = self->make_response_promise<usage_batch_answer>();
  const auto count = batch.reports.size();
  auto answer = std::make_shared<usage_batch_answer>();
  answer->renewals.resize(count);
  answer->errors.resize(count);
  auto left = std::make_shared<std::size_t>(count);
  if (count == 0)
    promise.deliver(*answer);
  for (std::size_t i = 0; i < count; ++i) {
    settle_report(self, batch.reports[i],
                  [promise, answer, left, i](std::error_code ec, grant_renewal renewal) mutable {
                    answer->errors[i] = ec;
                    answer->renewals[i] = renewal;
                    if (--*left == 0)
                      promise.deliver(std::move(*answer));
                  });
  }
  return promise;
}

caf::result<api_key_view> set_key_quota(account_self self, const set_api_key_quota& command) {
  auto decided = decide_key_quota(self->state.fold, command);
  if (!decided)
    return to_caf_error(decided.error());
  auto promise = self->make_response_promise<api_key_view>();
  es_commit(self, *decided, [promise, command](const account_state& fold) mutable {
    const auto k = allowance_of(fold, command.key_id);
    api_key_view answer;
    answer.key_id = command.key_id;
    answer.account_id = command.account_id;
    answer.quota_bytes = k.quota_bytes;
    answer.used_bytes = k.used_bytes;
    return [promise, answer](std::error_code ec) mutable {
      if (ec) {
        promise.deliver(to_caf_error(ec));
      } else {
        promise.deliver(answer);
      }
    };
  });
  close_if_over_quota(self, command.key_id);
  return promise;
}

void close_key_tunnels(account_self self, const std::string& key_id) {
  self->state.live.revoked_keys.insert(key_id);
  close_where(self, "revoked", [&](const live_tunnel& t) { return t.spec.key_id == key_id; });
}

caf::result<session_view> release_account_session(account_self self,
                                                  const release_session& command) {
  auto& st = self->state;
  if (!st.fold.exists() || command.account_id != st.fold.account_id)
    return to_caf_error(errc::not_found);
  auto promise = self->make_response_promise<session_view>();
  const auto session_id = session_actor_id(command.account_id, command.session, command.country);
  // `.await`: a tunnel opened after this answer must see the blacklist.
  self
    ->request(st.ctx->sessions, st.ctx->request_timeout(), route_atom::value, session_id,
              caf::make_message(release_atom::value, command))
    .await(
      [self, promise, command](session_view& released) mutable {
        auto& s = self->state;
        if (!command.discard) {
          deliver_after_durable(self, promise, std::move(released));
          return;
        }
        // Bound or not: tunnels a rotate left open on the session's last node close too.
        close_where(self, "discarded", [&](const live_tunnel& t) {
          return t.spec.session == command.session && t.spec.country == command.country;
        });
        std::vector<events::any_event> decided;
        if (!released.node.empty() && !s.fold.blacklisted_nodes.contains(released.node))
          decided.emplace_back(events::exit_node_blacklisted{s.fold.account_id, released.node});
        es_commit(self, decided, [promise, released](const auto&) mutable {
          return [promise, released](std::error_code ec) mutable {
            if (ec) {
              promise.deliver(to_caf_error(ec));
            } else {
              promise.deliver(released);
            }
          };
        });
      },
      [promise](caf::error& err) mutable { promise.deliver(err); });
  return promise;
}

} // namespace sluice::actors
