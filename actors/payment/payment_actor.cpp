// CAF glue of the payment aggregate. Confirmation credits the account first (idempotent by
// checkout id) and then records PaymentCompleted: a crash between the two leaves the checkout
// pending with the traffic already credited, and confirming again completes it without a second
// credit.
#include "actors/payment/payment_actor.hpp"

#include "actors/payment/payment_rules.hpp"
#include "actors/runtime/event_sourced.hpp"

namespace sluice::actors {
namespace {

using payment_traits = fold_traits<payment_state, &payment_from_snapshot>;

using self_ptr = es_actor<payment_traits>*;

caf::result<checkout_view> confirm(self_ptr self) {
  auto& st = self->state;
  if (!st.fold.exists())
    return to_caf_error(errc::not_found);
  if (st.fold.completed)
    return es_answer<checkout_view>(self, std::vector<events::any_event>{});
  auto promise = self->make_response_promise<checkout_view>();
  purchase_traffic purchase{st.fold.account_id, st.fold.checkout_id, st.fold.traffic_bytes,
                            st.fold.amount_minor};
  // `.await`: a second confirm waits here, then finds the checkout completed.
  self
    ->request(st.ctx->accounts, st.ctx->request_timeout(), route_atom::value, st.fold.account_id,
              caf::make_message(purchase_atom::value, std::move(purchase)))
    .await(
      [self, promise](const account_view&) mutable {
        auto decided = decide_complete(self->state.fold);
        if (!decided) {
          promise.deliver(to_caf_error(decided.error()));
          return;
        }
        es_commit(self, *decided, [promise](const auto& fold) mutable {
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

caf::behavior payment_behavior(self_ptr self, std::string id, caf::actor directory,
                               std::shared_ptr<const actor_context> ctx) {
  auto stream = "payment/" + id;
  es_init(self, std::move(id), std::move(stream), std::move(directory), std::move(ctx));
  return {
    [self](checkout_atom, const create_checkout& cmd) -> caf::result<checkout_view> {
      return es_guarded(self, [&]() -> caf::result<checkout_view> {
        const auto& st = self->state;
        return es_answer<checkout_view>(self, decide_checkout(st.fold, st.id, cmd,
                                                              st.ctx->options.billing,
                                                              st.ctx->options.currency));
      });
    },
    [self](caf::get_atom, const checkout_ref& ref) -> caf::result<checkout_view> {
      return es_guarded(self, [&]() -> caf::result<checkout_view> {
        if (auto owned = check_owner(self->state.fold, ref.account_id); !owned)
          return to_caf_error(owned.error());
        return es_answer<checkout_view>(self, std::vector<events::any_event>{});
      });
    },
    [self](confirm_atom) -> caf::result<checkout_view> {
      return es_guarded(self, [&] { return confirm(self); });
    },
    es_appended_handler(self),
    es_tick_handler(self),
  };
}

} // namespace

caf::actor spawn_payment(caf::event_based_actor* directory, const std::string& checkout_id,
                         std::shared_ptr<const actor_context> ctx) {
  return directory->spawn(payment_behavior, checkout_id, caf::actor_cast<caf::actor>(directory),
                          std::move(ctx));
}

} // namespace sluice::actors
