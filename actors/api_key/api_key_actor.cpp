// CAF glue of the API-key aggregate. The key's cap and tally are its account's (the account
// grants against them), so minting with a cap and changing it go through the account actor.
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

/// Appends the decided mint and answers the key with its secret and cap.
void commit_mint(self_ptr self, caf::response_promise promise,
                 const std::vector<events::any_event>& decided, std::string secret,
                 std::optional<std::uint64_t> quota_bytes) {
  es_commit(self, decided, [promise, secret, quota_bytes](const auto& fold) mutable {
    auto v = view(fold);
    v.quota_bytes = quota_bytes;
    return [promise, secret, v](std::error_code ec) mutable {
      if (ec) {
        promise.deliver(to_caf_error(ec));
      } else {
        promise.deliver(minted_api_key{v, secret});
      }
    };
  });
}

/// Decides the mint, then records it. `ask_account`: first have the account record the cap,
/// which also proves it exists, so no key is ever minted for nobody. A crash between the two
/// leaves a cap for a key id that never exists, which grants nothing.
void mint(self_ptr self, caf::response_promise promise, const mint_api_key& cmd, bool ask_account,
          std::optional<std::uint64_t> serial) {
  auto& st = self->state;
  auto secret = make_secret(cmd.family, st.id, infra::random_token("", secret_chars));
  const key_material m{st.id, secret, infra::seal(st.ctx->options.sealing_key, secret)};
  auto decided = decide_mint(st.fold, cmd, m, serial);
  if (!decided) {
    promise.deliver(to_caf_error(decided.error()));
    return;
  }
  if (!ask_account) {
    commit_mint(self, promise, *decided, std::move(secret), cmd.quota_bytes);
    return;
  }
  const set_api_key_quota cap{cmd.account_id, st.id, cmd.quota_bytes, false,
                              /*keep_quota=*/!cmd.quota_bytes};
  // `.await`: no other command for this key runs until the account has answered.
  self
    ->request(st.ctx->accounts, st.ctx->request_timeout(), route_atom::value, cmd.account_id,
              caf::make_message(quota_atom::value, cap))
    .await(
      [self, promise, events = std::move(*decided), secret, cmd](const api_key_view&) mutable {
        commit_mint(self, promise, events, std::move(secret), cmd.quota_bytes);
      },
      [promise](caf::error& err) mutable { promise.deliver(err); });
}

/// Mints; an `rv_` key first takes the next integer id of "ids/reseller_key" (seed 001 shows
/// reseller keys by number), wherever it is minted. An id a failed mint took is never reused.
caf::result<minted_api_key> mint_numbered(self_ptr self, const mint_api_key& cmd,
                                          bool ask_account) {
  auto& st = self->state;
  if (st.fold.exists())
    return to_caf_error(errc::already_exists);
  auto promise = self->make_response_promise<minted_api_key>();
  if (cmd.family != "rv_") {
    mint(self, promise, cmd, ask_account, std::nullopt);
    return promise;
  }
  self
    ->request(st.ctx->sequences, st.ctx->request_timeout(), route_atom::value,
              std::string{"reseller_key"}, caf::make_message(next_id_atom::value))
    .await(
      [self, promise, cmd, ask_account](std::uint64_t serial) mutable {
        mint(self, promise, cmd, ask_account, serial);
      },
      [promise](caf::error& err) mutable { promise.deliver(err); });
  return promise;
}

/// The account records the change; the answer is the key with its cap and tally from there.
caf::result<api_key_view> set_quota(self_ptr self, const set_api_key_quota& cmd) {
  auto& st = self->state;
  if (auto allowed = check_quota_change(st.fold, cmd); !allowed)
    return to_caf_error(allowed.error());
  auto promise = self->make_response_promise<api_key_view>();
  self
    ->request(st.ctx->accounts, st.ctx->request_timeout(), route_atom::value, cmd.account_id,
              caf::make_message(quota_atom::value, cmd))
    .await(
      [self, promise](const api_key_view& allowance) mutable {
        auto v = view(self->state.fold);
        v.quota_bytes = allowance.quota_bytes;
        v.used_bytes = allowance.used_bytes;
        promise.deliver(v);
      },
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
  self->state.ctx->keys->forget(self->state.id); // Before the revocation is even durable.
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

/// Answers a passed key check once the key is durable, and from then on lets the facade answer
/// the checks of this key itself. A revocation decided meanwhile fails the check.
caf::result<api_key_view> authenticated(self_ptr self) {
  auto promise = self->make_response_promise<api_key_view>();
  es_after_durable(self, [self, promise](std::error_code ec) mutable {
    const auto& fold = self->state.fold;
    if (!ec && fold.revoked)
      ec = make_error_code(errc::unauthorized);
    if (ec) {
      promise.deliver(to_caf_error(ec));
      return;
    }
    auto v = view(fold);
    self->state.ctx->keys->remember(v, fold.secret_sha256);
    promise.deliver(v);
  });
  return promise;
}

caf::behavior api_key_behavior(self_ptr self, std::string id, caf::actor directory,
                               std::shared_ptr<const actor_context> ctx) {
  auto stream = "apikey/" + id;
  es_init(self, std::move(id), std::move(stream), std::move(directory), std::move(ctx));
  return {
    [self](mint_atom, const mint_api_key& cmd) -> caf::result<minted_api_key> {
      return es_guarded(self, [&] { return mint_numbered(self, cmd, /*ask_account=*/true); });
    },
    [self](mint_own_atom, const mint_api_key& cmd) -> caf::result<minted_api_key> {
      return es_guarded(self, [&] { return mint_numbered(self, cmd, /*ask_account=*/false); });
    },
    [self](reveal_atom, const api_key_ref& ref) -> caf::result<minted_api_key> {
      return es_guarded(self, [&] { return reveal(self, ref); });
    },
    [self](caf::get_atom, const api_key_ref& ref) -> caf::result<api_key_view> {
      return es_guarded(self, [&]() -> caf::result<api_key_view> {
        if (auto owned = check_owner(self->state.fold, ref.account_id); !owned) {
          return to_caf_error(owned.error());
        }
        return es_answer<api_key_view>(self, std::vector<events::any_event>{});
      });
    },
    [self](revoke_atom, const api_key_ref& ref) -> caf::result<api_key_view> {
      return es_guarded(self, [&] { return revoke(self, ref); });
    },
    [self](authenticate_atom, const key_credentials& creds) -> caf::result<api_key_view> {
      return es_guarded(self, [&]() -> caf::result<api_key_view> {
        if (auto ok = check_secret(self->state.fold, creds); !ok)
          return to_caf_error(ok.error());
        return authenticated(self);
      });
    },
    [self](quota_atom, const set_api_key_quota& cmd) -> caf::result<api_key_view> {
      return es_guarded(self, [&] { return set_quota(self, cmd); });
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
