// CAF glue of the account aggregate: decide with account_rules, commit through event_sourced.
#include "actors/account/account_actor.hpp"

#include "actors/account/account_rules.hpp"
#include "actors/account/account_tunnels.hpp"
#include "infra/crypto.hpp"

namespace sluice::actors {
namespace {

using self_ptr = account_self;

constexpr std::size_t key_id_chars = 16;

/// Records `minted` as the primary key, then answers it.
void assign_primary(self_ptr self, caf::response_promise promise, minted_api_key minted) {
  auto decided = decide_primary_key(self->state.fold, minted.key.key_id);
  if (!decided) {
    promise.deliver(to_caf_error(decided.error()));
    return;
  }
  es_commit(self, *decided, [promise, minted](const auto&) mutable {
    return [promise, minted](std::error_code ec) mutable {
      if (ec) {
        promise.deliver(to_caf_error(ec));
      } else {
        promise.deliver(minted);
      }
    };
  });
}

/// Mints a fresh primary key. `.await` keeps other commands of this account queued, so two
/// concurrent first requests do not mint two keys. The key actor is told the account exists
/// (mint_own): asking back would deadlock on this await.
void mint_primary(self_ptr self, caf::response_promise promise) {
  auto& st = self->state;
  mint_api_key cmd{st.fold.account_id, "sk_live_", "primary", std::nullopt};
  self
    ->request(st.ctx->api_keys, st.ctx->request_timeout(), route_atom::value,
              infra::random_id("key_", key_id_chars),
              caf::make_message(mint_own_atom::value, std::move(cmd)))
    .await([self, promise](
             minted_api_key& minted) mutable { assign_primary(self, promise, std::move(minted)); },
           [promise](caf::error& err) mutable { promise.deliver(err); });
}

caf::result<minted_api_key> primary_key(self_ptr self) {
  auto& st = self->state;
  if (!st.fold.exists())
    return to_caf_error(errc::not_found);
  auto promise = self->make_response_promise<minted_api_key>();
  if (st.fold.primary_key_id.empty()) {
    mint_primary(self, promise);
    return promise;
  }
  self
    ->request(st.ctx->api_keys, st.ctx->request_timeout(), route_atom::value,
              st.fold.primary_key_id,
              caf::make_message(reveal_atom::value,
                                api_key_ref{st.fold.account_id, st.fold.primary_key_id}))
    .await(
      [self, promise](minted_api_key& current) mutable {
        if (current.key.revoked) {
          mint_primary(self, promise); // A revoked key authenticates nothing: replace it.
        } else {
          promise.deliver(std::move(current));
        }
      },
      [promise](caf::error& err) mutable { promise.deliver(err); });
  return promise;
}

caf::behavior account_behavior(self_ptr self, std::string id, caf::actor directory,
                               std::shared_ptr<const actor_context> ctx) {
  auto stream = "account/" + id;
  es_init(self, std::move(id), std::move(stream), std::move(directory), std::move(ctx));
  return {
    [self](create_atom, const create_account& cmd) -> caf::result<account_view> {
      return es_command<account_view>(self, decide_create(self->state.fold, self->state.id, cmd));
    },
    [self](caf::get_atom) -> caf::result<account_view> {
      return es_guarded(self, [&]() -> caf::result<account_view> {
        if (!self->state.fold.exists())
          return to_caf_error(errc::not_found);
        return es_answer<account_view>(self, std::vector<events::any_event>{});
      });
    },
    [self](credit_atom, const credit_wallet& cmd) -> caf::result<account_view> {
      return es_command<account_view>(self, decide_credit(self->state.fold, cmd));
    },
    [self](adjust_atom, const adjust_wallet& cmd) -> caf::result<account_view> {
      return es_guarded(self, [&]() -> caf::result<account_view> {
        auto& st = self->state;
        return es_answer<account_view>(self,
                                       decide_adjust(st.fold, cmd, st.live.ledger.reserved()));
      });
    },
    [self](balance_credit_atom, const credit_balance& cmd) -> caf::result<account_view> {
      return es_command<account_view>(self, decide_credit_balance(self->state.fold, cmd));
    },
    [self](balance_debit_atom, const debit_balance& cmd) -> caf::result<account_view> {
      return es_command<account_view>(self, decide_debit_balance(self->state.fold, cmd));
    },
    [self](purchase_atom, const purchase_traffic& cmd) -> caf::result<account_view> {
      return es_command<account_view>(self, decide_purchase(self->state.fold, cmd));
    },
    [self](primary_atom) -> caf::result<minted_api_key> {
      return es_guarded(self, [&] { return primary_key(self); });
    },
    [self](open_atom, const open_tunnel& command) -> caf::result<tunnel_opened> {
      return es_guarded(self, [&] { return open_account_tunnel(self, command); });
    },
    [self](report_atom, const usage_report& report) -> caf::result<grant_renewal> {
      // Reports are accepted while stopping: they bill bytes already relayed.
      es_begin_command(self);
      return apply_usage_report(self, report);
    },
    [self](report_batch_atom, const usage_batch& batch) -> caf::result<usage_batch_answer> {
      es_begin_command(self); // As for one report.
      return apply_usage_batch(self, batch);
    },
    [self](key_revoked_atom, const std::string& key_id) {
      es_begin_command(self);
      close_key_tunnels(self, key_id);
    },
    [self](quota_atom, const set_api_key_quota& command) -> caf::result<api_key_view> {
      return es_guarded(self, [&] { return set_key_quota(self, command); });
    },
    [self](release_atom, const release_session& command) -> caf::result<session_view> {
      return es_guarded(self, [&] { return release_account_session(self, command); });
    },
    es_appended_handler(self),
    es_tick_handler(self),
  };
}

} // namespace

caf::actor spawn_account(caf::event_based_actor* directory, const std::string& account_id,
                         std::shared_ptr<const actor_context> ctx) {
  return directory->spawn(account_behavior, account_id, caf::actor_cast<caf::actor>(directory),
                          std::move(ctx));
}

} // namespace sluice::actors
