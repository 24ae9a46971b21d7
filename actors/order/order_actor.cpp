// CAF glue of the order aggregate.
#include "actors/order/order_actor.hpp"

#include "actors/order/order_rules.hpp"
#include "actors/runtime/event_sourced.hpp"

namespace sluice::actors {
namespace {

using order_traits = fold_traits<order_state, &order_from_snapshot>;
using self_ptr = es_actor<order_traits>*;

/// Created only if a node is free for it now (checked again when it is paid).
caf::result<order_view> create(self_ptr self, std::uint64_t order_id, const create_order& cmd) {
  auto& st = self->state;
  auto decided = decide_create_order(st.fold, order_id, cmd, st.ctx->options.catalogue,
                                     st.ctx->options.currency);
  if (!decided)
    return to_caf_error(decided.error());
  const auto& created = std::get<events::order_created>(decided->front());
  order_state would_be;
  evolve(would_be, created, st.ctx->clock->now());
  auto promise = self->make_response_promise<order_view>();
  // `.await`: nothing else runs on this order until the lease book answered.
  self
    ->request(st.ctx->lease_book, st.ctx->request_timeout(), capacity_atom::value,
              lease_request_of(would_be))
    .await(
      [self, promise, events = std::move(*decided)](bool) mutable {
        if (self->state.fold.exists()) { // Another create of the same id won meanwhile.
          promise.deliver(to_caf_error(errc::already_exists));
          return;
        }
        es_commit(self, events, [promise](const order_state& fold) mutable {
          return [promise, v = view(fold)](std::error_code ec) mutable {
            if (ec) {
              promise.deliver(to_caf_error(ec));
            } else {
              promise.deliver(v);
            }
          };
        });
      },
      [promise](caf::error& err) mutable { promise.deliver(err); });
  return promise;
}

caf::result<paid_order> pay(self_ptr self, const order_ref& ref) {
  auto& st = self->state;
  if (auto owned = check_order_owner(st.fold, ref.account_id); !owned)
    return to_caf_error(owned.error());
  if (auto payable = check_payable(st.fold); !payable)
    return to_caf_error(payable.error());
  auto promise = self->make_response_promise<paid_order>();
  // `.await`: a second pay of this order waits here, then finds it active (wrong_state). The
  // lease book's own debit request has request_timeout: the order waits longer, so it hears how
  // that ended rather than timing out while a lease is recorded.
  self
    ->request(st.ctx->lease_book, 3 * st.ctx->request_timeout(), provision_atom::value,
              lease_request_of(st.fold))
    .await(
      [self, promise](const provisioned_lease& lease) mutable {
        auto decided = decide_activate(self->state.fold, lease.proxy);
        es_commit(self, decided, [promise, balance = lease.balance_minor](const order_state& f) {
          return [promise, v = view(f), balance](std::error_code ec) mutable {
            if (ec) {
              promise.deliver(to_caf_error(ec));
            } else {
              promise.deliver(paid_order{v, balance});
            }
          };
        });
      },
      [promise](caf::error& err) mutable { promise.deliver(err); });
  return promise;
}

caf::behavior order_behavior(self_ptr self, std::string id, caf::actor directory,
                             std::shared_ptr<const actor_context> ctx) {
  auto stream = "order/" + id;
  es_init(self, std::move(id), std::move(stream), std::move(directory), std::move(ctx));
  return {
    [self](create_atom, std::uint64_t order_id,
           const create_order& cmd) -> caf::result<order_view> {
      return es_guarded(self, [&] { return create(self, order_id, cmd); });
    },
    [self](caf::get_atom, const order_ref& ref) -> caf::result<order_view> {
      return es_guarded(self, [&]() -> caf::result<order_view> {
        if (auto owned = check_order_owner(self->state.fold, ref.account_id); !owned)
          return to_caf_error(owned.error());
        return es_answer<order_view>(self, std::vector<events::any_event>{});
      });
    },
    [self](pay_atom, const order_ref& ref) -> caf::result<paid_order> {
      return es_guarded(self, [&] { return pay(self, ref); });
    },
    es_appended_handler(self),
    es_tick_handler(self),
  };
}

} // namespace

caf::actor spawn_order(caf::event_based_actor* directory, const std::string& order_id,
                       std::shared_ptr<const actor_context> ctx) {
  return directory->spawn(order_behavior, order_id, caf::actor_cast<caf::actor>(directory),
                          std::move(ctx));
}

} // namespace sluice::actors
