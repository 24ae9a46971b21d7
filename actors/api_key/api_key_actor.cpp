// CAF glue of the API-key aggregate. Minting first asks the account actor whether the account
// exists, so no key is ever minted for nobody (unless the account actor itself is minting).
#include "actors/api_key/api_key_actor.hpp"

#include "actors/api_key/api_key_rules.hpp"
#include "actors/runtime/event_sourced.hpp"
#include "infra/crypto.hpp"

namespace sluice::actors {
namespace {

/// Random characters of a secret (after family and key id): 40 of [A-Za-z0-9] is ~238 bits.
constexpr std::size_t secret_chars = 40;

using api_key_traits = fold_traits<api_key_state, &api_key_from_snapshot>;

using self_ptr = es_actor<api_key_traits>*;

/// Decides and commits the mint; the account is known to exist.
void commit_mint(self_ptr self, caf::response_promise promise, const mint_api_key& cmd) {
  auto& s = self->state;
  const auto secret = make_secret(cmd.family, s.id, infra::random_token("", secret_chars));
  const key_material m{s.id, secret, infra::seal(s.ctx->options.sealing_key, secret)};
  auto decided = decide_mint(s.fold, cmd, m);
  if (!decided) {
    promise.deliver(to_caf_error(decided.error()));
    return;
  }
  es_commit(self, *decided, [promise, secret](const auto& fold) mutable {
    return [promise, secret, v = view(fold)](std::error_code ec) mutable {
      if (ec) {
        promise.deliver(to_caf_error(ec));
      } else {
        promise.deliver(minted_api_key{v, secret});
      }
    };
  });
}

caf::result<minted_api_key> mint(self_ptr self, const mint_api_key& cmd) {
  auto promise = self->make_response_promise<minted_api_key>();
  auto& st = self->state;
  // `.await`: no other command for this key runs until the account has answered.
  self
    ->request(st.ctx->accounts, st.ctx->request_timeout(), route_atom::value, cmd.account_id,
              caf::make_message(caf::get_atom::value))
    .await([self, promise, cmd](const account_view&) mutable { commit_mint(self, promise, cmd); },
           [promise](caf::error& err) mutable { promise.deliver(err); });
  return promise;
}

/// The key with its secret, unsealed, for its owner (the tunnel credential shows it again).
caf::result<minted_api_key> reveal(self_ptr self, const api_key_ref& ref) {
  const auto& fold = self->state.fold;
  if (auto owned = check_owner(fold, ref.account_id); !owned)
    return to_caf_error(owned.error());
  auto secret = infra::unseal(self->state.ctx->options.sealing_key, fold.secret_sealed);
  if (!secret)
    return to_caf_error(secret.error());
  auto promise = self->make_response_promise<minted_api_key>();
  // Never show what a crash could still take back: wait for whatever is in flight.
  es_after_durable(self, [promise, answer = minted_api_key{view(fold), std::move(*secret)}](
                           std::error_code ec) mutable {
    if (ec) {
      promise.deliver(to_caf_error(ec));
    } else {
      promise.deliver(answer);
    }
  });
  return promise;
}

/// Revokes, and once that is durable tells the account, which closes the key's open tunnels
/// at once rather than at their next grant (issue #4: revocation is instant).
caf::result<api_key_view> revoke(self_ptr self, const api_key_ref& ref) {
  auto decided = decide_revoke(self->state.fold, ref);
  if (!decided)
    return to_caf_error(decided.error());
  auto promise = self->make_response_promise<api_key_view>();
  es_commit(self, *decided, [self, promise](const auto& fold) {
    return [self, promise, v = view(fold)](std::error_code ec) mutable {
      if (ec) {
        promise.deliver(to_caf_error(ec));
        return;
      }
      self->send(self->state.ctx->accounts, route_atom::value, v.account_id,
                 caf::make_message(key_revoked_atom::value, v.key_id));
      promise.deliver(v);
    };
  });
  return promise;
}

caf::behavior api_key_behavior(self_ptr self, std::string id, caf::actor directory,
                               std::shared_ptr<const actor_context> ctx) {
  auto stream = "apikey/" + id;
  es_init(self, std::move(id), std::move(stream), std::move(directory), std::move(ctx));
  return {
    [self](mint_atom, const mint_api_key& cmd) -> caf::result<minted_api_key> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      if (self->state.fold.exists())
        return to_caf_error(errc::already_exists);
      return mint(self, cmd);
    },
    [self](mint_own_atom, const mint_api_key& cmd) -> caf::result<minted_api_key> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      if (self->state.fold.exists())
        return to_caf_error(errc::already_exists);
      auto promise = self->make_response_promise<minted_api_key>();
      commit_mint(self, promise, cmd);
      return promise;
    },
    [self](reveal_atom, const api_key_ref& ref) -> caf::result<minted_api_key> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      return reveal(self, ref);
    },
    [self](caf::get_atom, const api_key_ref& ref) -> caf::result<api_key_view> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      if (auto owned = check_owner(self->state.fold, ref.account_id); !owned) {
        return to_caf_error(owned.error());
      }
      return es_answer<api_key_view>(self, std::vector<events::any_event>{});
    },
    [self](revoke_atom, const api_key_ref& ref) -> caf::result<api_key_view> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      return revoke(self, ref);
    },
    [self](authenticate_atom, const key_credentials& creds) -> caf::result<api_key_view> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      if (auto ok = check_secret(self->state.fold, creds); !ok)
        return to_caf_error(ok.error());
      return es_answer<api_key_view>(self, std::vector<events::any_event>{});
    },
    [self](quota_atom, const set_api_key_quota& cmd) -> caf::result<api_key_view> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      return es_answer<api_key_view>(self, decide_set_quota(self->state.fold, cmd));
    },
    es_appended_handler(self),
    es_tick_handler(self),
  };
}

} // namespace

caf::actor spawn_api_key(caf::event_based_actor* directory, const std::string& key_id,
                         std::shared_ptr<const actor_context> ctx) {
  return directory->spawn(api_key_behavior, key_id, caf::actor_cast<caf::actor>(directory),
                          std::move(ctx));
}

} // namespace sluice::actors
