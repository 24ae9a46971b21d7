// CAF glue of the lease book.
#include "actors/lease/lease_book_actor.hpp"

#include <iomanip>
#include <sstream>

#include "actors/lease/lease_rules.hpp"
#include "actors/runtime/event_sourced.hpp"
#include "infra/crypto.hpp"
#include "infra/log.hpp"

namespace sluice::actors {
namespace {

/// What the book keeps beside its fold.
struct lease_book_live {
  bool publish_owed = false; ///< A change became durable while another was still in flight.
};

using lease_traits = fold_traits<lease_book_state, &lease_book_from_snapshot, lease_book_live>;
using self_ptr = es_actor<lease_traits>*;

/// Random credentials: the password is 16 of [A-Za-z0-9] (~95 bits), the name "5E9F-2026-03-09".
lease_secrets make_secrets(const std::string& sealing_key, events::timestamp now) {
  lease_secrets s;
  const auto hex = infra::random_bytes(2);
  std::ostringstream name;
  name << std::uppercase << std::hex << std::setfill('0');
  for (const unsigned char c : hex)
    name << std::setw(2) << static_cast<unsigned>(c);
  name << '-' << events::format_timestamp(now).substr(0, 10);
  s.name = name.str();
  s.username = infra::random_id("u", 9);
  s.password = infra::random_token("", 16);
  s.password_sealed = infra::seal(sealing_key, s.password);
  return s;
}

proxy_view view_of(self_ptr self, const lease_record& lease) {
  auto password = infra::unseal(self->state.ctx->options.sealing_key, lease.password_sealed);
  return view(lease, password ? std::move(*password) : std::string{});
}

bool node_usable(self_ptr self, const std::string& node) {
  const auto& ctx = *self->state.ctx;
  return ctx.node_health->down_until(node) <= ctx.clock->steady_now();
}

result<lease_placement> place(self_ptr self, const lease_request& request) {
  const auto& ctx = *self->state.ctx;
  return place_lease(self->state.fold, request, ctx.options.catalogue, ctx.options.exit_nodes,
                     [self](const std::string& node) { return node_usable(self, node); });
}

/// Publishes the live leases to the lease ports: once a change is durable, never before (a
/// crash must not take back a lease a port already served).
void publish(self_ptr self) {
  const auto& ctx = *self->state.ctx;
  // The fold already holds what is still in flight: the last durable continuation publishes.
  if (ctx.leases == nullptr)
    return;
  if (!self->state.waiting.empty()) {
    self->state.live.publish_owed = true;
    return;
  }
  self->state.live.publish_owed = false;
  std::vector<lease_endpoint> out;
  for (const auto& l : self->state.fold.leases) {
    auto password = infra::unseal(ctx.options.sealing_key, l.password_sealed);
    if (!password) {
      infra::log_error("leases", "proxy " + std::to_string(l.proxy_id)
                                   + ": its password does not unseal; its port is not served");
      continue;
    }
    lease_endpoint e;
    e.proxy_id = l.proxy_id;
    e.account_id = l.account_id;
    e.port = static_cast<std::uint16_t>(l.port);
    e.username = l.username;
    e.password = std::move(*password);
    e.node = l.node;
    e.status = l.status;
    e.generation = l.generation;
    e.fingerprint = l.fingerprint;
    out.push_back(std::move(e));
  }
  ctx.leases->publish(std::move(out));
}

/// Wakes the book when `lease` is due; an early wake-up (clocks differ) arms again.
void arm_expiry(self_ptr self, const lease_record& lease) {
  const auto left = lease.expires_at - self->state.ctx->clock->now();
  const auto delay = std::max(left, std::chrono::milliseconds{0});
  self->delayed_send(self, std::chrono::duration_cast<caf::timespan>(delay), lease_due_atom::value,
                     lease.proxy_id);
}

void expire_if_due(self_ptr self, std::uint64_t proxy_id) {
  auto& st = self->state;
  auto decided = decide_expire(st.fold, proxy_id, st.ctx->clock->now());
  if (decided.empty()) {
    if (const auto* lease = st.fold.find(proxy_id))
      arm_expiry(self, *lease);
    return;
  }
  es_commit(self, decided, [self, proxy_id](const lease_book_state&) {
    return [self, proxy_id](std::error_code ec) {
      if (ec) {
        infra::log_error("leases",
                         "expiring proxy " + std::to_string(proxy_id) + " failed: " + ec.message());
        return;
      }
      publish(self);
    };
  });
}

/// Records the lease at `placement` (found before the debit) once the debit is made, and
/// answers it with the balance after the debit. The placement is not looked for again: a node
/// that went down during the debit must not leave a paid order without its lease.
void record_lease(self_ptr self, caf::response_promise promise, const lease_request& request,
                  const lease_placement& placement, std::int64_t balance_minor) {
  auto& st = self->state;
  if (const auto* held = st.fold.find_order(request.order_id)) {
    promise.deliver(provisioned_lease{view_of(self, *held), balance_minor});
    return;
  }
  const auto now = st.ctx->clock->now();
  const auto secrets = make_secrets(st.ctx->options.sealing_key, now);
  const auto provisioned = decide_provision(st.fold, request, placement, secrets, now);
  es_commit(self, {provisioned},
            [self, promise, balance_minor, id = provisioned.proxy_id](const lease_book_state& f) {
              auto v = view_of(self, *f.find(id));
              return [self, promise, balance_minor, v](std::error_code ec) mutable {
                if (ec) {
                  promise.deliver(to_caf_error(ec));
                  return;
                }
                if (const auto* live = self->state.fold.find(v.proxy_id))
                  arm_expiry(self, *live);
                publish(self);
                promise.deliver(provisioned_lease{v, balance_minor});
              };
            });
}

caf::result<provisioned_lease> provision(self_ptr self, const lease_request& request) {
  auto& st = self->state;
  lease_placement placement;
  if (st.fold.find_order(request.order_id) == nullptr) {
    auto placed = place(self, request);
    if (!placed)
      return to_caf_error(placed.error());
    placement = std::move(*placed);
  }
  const debit_balance debit{request.account_id, request.amount_minor, "order",
                            "order:" + std::to_string(request.order_id)};
  auto promise = self->make_response_promise<provisioned_lease>();
  // `.await`: no other placement runs until this debit is answered, so the node found free
  // above is still free when the lease is recorded. The debit is once per order: a repeat
  // (after a crash) answers the balance without debiting.
  self
    ->request(st.ctx->accounts, st.ctx->request_timeout(), route_atom::value, request.account_id,
              caf::make_message(balance_debit_atom::value, debit))
    .await(
      [self, promise, request, placement](const account_view& account) mutable {
        record_lease(self, promise, request, placement, account.balance_minor);
      },
      [promise](caf::error& err) mutable { promise.deliver(err); });
  return promise;
}

/// Commits a change to one lease and answers its view once durable (publishing the leases to
/// the ports first, so the answer never runs ahead of what the ports serve).
template <class Answer, class Wrap>
caf::result<Answer> commit_change(self_ptr self, const std::vector<events::any_event>& decided,
                                  std::uint64_t proxy_id, Wrap wrap) {
  auto promise = self->make_response_promise<Answer>();
  es_commit(self, decided, [self, promise, proxy_id, wrap](const lease_book_state& f) {
    const auto* lease = f.find(proxy_id);
    auto v = lease != nullptr ? view_of(self, *lease) : proxy_view{};
    return [self, promise, v, wrap](std::error_code ec) mutable {
      if (ec) {
        promise.deliver(to_caf_error(ec));
        return;
      }
      publish(self);
      promise.deliver(wrap(std::move(v)));
    };
  });
  return promise;
}

proxy_view as_is(proxy_view v) {
  return v;
}

bool has_reset_command(self_ptr self, const std::string& node) {
  for (const auto& n : self->state.ctx->options.exit_nodes) {
    if (n.id == node)
      return n.resettable;
  }
  return false;
}

caf::result<reset_outcome> reset(self_ptr self, const reset_proxy& cmd) {
  const auto& st = self->state;
  const auto* lease = owned_lease(st.fold, cmd.account_id, cmd.proxy_id);
  const bool command = lease != nullptr && has_reset_command(self, lease->node);
  auto decided = decide_reset(
    st.fold, cmd, st.ctx->options.exit_nodes,
    [self](const std::string& n) { return node_usable(self, n); }, command);
  if (!decided)
    return to_caf_error(decided.error());
  const bool needs_command = decided->needs_command;
  return commit_change<reset_outcome>(self, decided->decided, cmd.proxy_id,
                                      [needs_command](proxy_view v) {
                                        return reset_outcome{std::move(v), needs_command};
                                      });
}

caf::behavior lease_book_behavior(self_ptr self, std::shared_ptr<const actor_context> ctx) {
  es_init(self, "leases", "leases", caf::actor{}, std::move(ctx));
  // Handled once the stream is loaded: expiries that passed while sluice was down happen now.
  self->send(self, lease_arm_atom::value);
  return {
    [self](capacity_atom, const lease_request& request) -> caf::result<bool> {
      return es_guarded(self, [&]() -> caf::result<bool> {
        if (auto placement = place(self, request); !placement)
          return to_caf_error(placement.error());
        return true;
      });
    },
    [self](provision_atom, const lease_request& request) -> caf::result<provisioned_lease> {
      return es_guarded(self, [&] { return provision(self, request); });
    },
    [self](proxies_atom, const std::string& account_id) -> caf::result<proxy_list> {
      return es_guarded(self, [&]() -> caf::result<proxy_list> {
        proxy_list out;
        for (const auto& lease : self->state.fold.leases) {
          if (lease.account_id == account_id)
            out.proxies.push_back(view_of(self, lease));
        }
        return out;
      });
    },
    [self](caf::get_atom, const proxy_ref& ref) -> caf::result<proxy_view> {
      return es_guarded(self, [&]() -> caf::result<proxy_view> {
        const auto* lease = self->state.fold.find(ref.proxy_id);
        if (lease == nullptr || lease->account_id != ref.account_id)
          return to_caf_error(errc::not_found);
        return view_of(self, *lease);
      });
    },
    [self](disconnect_atom, const proxy_ref& ref) -> caf::result<proxy_view> {
      return es_guarded(self, [&]() -> caf::result<proxy_view> {
        auto decided = decide_disconnect(self->state.fold, ref);
        if (!decided)
          return to_caf_error(decided.error());
        return commit_change<proxy_view>(self, *decided, ref.proxy_id, &as_is);
      });
    },
    [self](connect_atom, const connect_proxy& cmd) -> caf::result<proxy_view> {
      return es_guarded(self, [&]() -> caf::result<proxy_view> {
        const auto& st = self->state;
        const auto secrets = make_secrets(st.ctx->options.sealing_key, st.ctx->clock->now());
        auto decided = decide_connect(
          st.fold, cmd, st.ctx->options.catalogue, st.ctx->options.exit_nodes,
          [self](const std::string& n) { return node_usable(self, n); }, secrets);
        if (!decided)
          return to_caf_error(decided.error());
        return commit_change<proxy_view>(self, *decided, cmd.proxy_id, &as_is);
      });
    },
    [self](reset_atom, const reset_proxy& cmd) -> caf::result<reset_outcome> {
      return es_guarded(self, [&] { return reset(self, cmd); });
    },
    [self](fingerprint_atom, const set_fingerprint& cmd) -> caf::result<proxy_view> {
      return es_guarded(self, [&]() -> caf::result<proxy_view> {
        auto decided = decide_fingerprint(self->state.fold, cmd);
        if (!decided)
          return to_caf_error(decided.error());
        return commit_change<proxy_view>(self, *decided, cmd.proxy_id, &as_is);
      });
    },
    [self](lease_usage_atom, const lease_usage_batch& batch) -> caf::result<bool> {
      return es_guarded(self, [&]() -> caf::result<bool> {
        auto promise = self->make_response_promise<bool>();
        es_commit(self, decide_lease_usage(self->state.fold, batch),
                  [self, promise](const lease_book_state&) {
                    return [self, promise](std::error_code ec) mutable {
                      if (ec) {
                        promise.deliver(to_caf_error(ec));
                        return;
                      }
                      if (self->state.live.publish_owed)
                        publish(self);
                      promise.deliver(true);
                    };
                  });
        return promise;
      });
    },
    [self](lease_arm_atom) {
      std::vector<std::uint64_t> ids;
      for (const auto& lease : self->state.fold.leases)
        ids.push_back(lease.proxy_id);
      for (const auto id : ids)
        expire_if_due(self, id);
      es_after_durable(self, [self](std::error_code) { publish(self); });
    },
    [self](lease_due_atom, std::uint64_t proxy_id) { expire_if_due(self, proxy_id); },
    [](tick_atom) {}, // The book is never retired for idleness.
    es_appended_handler(self),
  };
}

} // namespace

caf::actor spawn_lease_book(caf::actor_system& system, std::shared_ptr<const actor_context> ctx) {
  return system.spawn(lease_book_behavior, std::move(ctx));
}

} // namespace sluice::actors
