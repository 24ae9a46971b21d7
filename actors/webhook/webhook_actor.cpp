// CAF glue of the webhook aggregate. The secret is made here, sealed into the event, and shown
// to the caller once.
#include "actors/webhook/webhook_actor.hpp"

#include "actors/runtime/event_sourced.hpp"
#include "actors/webhook/webhook_rules.hpp"
#include "infra/crypto.hpp"

namespace sluice::actors {
namespace {

using webhook_traits = fold_traits<webhook_state, &webhook_from_snapshot>;

using self_ptr = es_actor<webhook_traits>*;

/// Standard Webhooks secrets: "whsec_" + base64 of random bytes (24 to 64; we use 32).
constexpr std::size_t secret_bytes = 32;

caf::result<registered_webhook> register_hook(self_ptr self, const register_webhook& cmd) {
  auto& st = self->state;
  const auto secret = "whsec_" + infra::base64_encode(infra::random_bytes(secret_bytes));
  auto decided = decide_register(st.fold, st.id, cmd,
                                 infra::seal(st.ctx->options.sealing_key, secret));
  if (!decided)
    return to_caf_error(decided.error());
  auto promise = self->make_response_promise<registered_webhook>();
  es_commit(self, *decided, [promise, secret](const auto& fold) mutable {
    return [promise, secret, v = view(fold)](std::error_code ec) mutable {
      if (ec) {
        promise.deliver(to_caf_error(ec));
      } else {
        promise.deliver(registered_webhook{v, secret});
      }
    };
  });
  return promise;
}

caf::behavior webhook_behavior(self_ptr self, std::string id, caf::actor directory,
                               std::shared_ptr<const actor_context> ctx) {
  auto stream = "webhook/" + id;
  es_init(self, std::move(id), std::move(stream), std::move(directory), std::move(ctx));
  return {
    [self](register_atom, const register_webhook& cmd) -> caf::result<registered_webhook> {
      return es_guarded(self, [&] { return register_hook(self, cmd); });
    },
    [self](unregister_atom, const webhook_ref& ref) -> caf::result<webhook_view> {
      return es_command<webhook_view>(self, decide_delete(self->state.fold, ref));
    },
    [self](disable_atom, const disable_webhook& cmd) -> caf::result<webhook_view> {
      return es_command<webhook_view>(self, decide_disable(self->state.fold, cmd));
    },
    es_appended_handler(self),
    es_tick_handler(self),
  };
}

} // namespace

caf::actor spawn_webhook(caf::event_based_actor* directory, const std::string& webhook_id,
                         std::shared_ptr<const actor_context> ctx) {
  return directory->spawn(webhook_behavior, webhook_id, caf::actor_cast<caf::actor>(directory),
                          std::move(ctx));
}

} // namespace sluice::actors
