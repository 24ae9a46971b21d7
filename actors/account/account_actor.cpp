// CAF glue of the account aggregate: decide with account_rules, commit through event_sourced.
#include "actors/account/account_actor.hpp"

#include "actors/account/account_rules.hpp"
#include "actors/runtime/event_sourced.hpp"

namespace sluice::actors {
namespace {

using account_traits = fold_traits<account_state, &account_from_snapshot>;

using self_ptr = es_actor<account_traits>*;

caf::behavior account_behavior(self_ptr self, std::string id, caf::actor directory,
                               std::shared_ptr<const actor_context> ctx) {
  auto stream = "account/" + id;
  es_init(self, std::move(id), std::move(stream), std::move(directory), std::move(ctx));
  return {
    [self](create_atom, const create_account& cmd) -> caf::result<account_view> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      return es_answer<account_view>(self, decide_create(self->state.fold, self->state.id, cmd));
    },
    [self](caf::get_atom) -> caf::result<account_view> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      if (!self->state.fold.exists())
        return to_caf_error(errc::not_found);
      return es_answer<account_view>(self, std::vector<events::any_event>{});
    },
    [self](credit_atom, const credit_wallet& cmd) -> caf::result<account_view> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      return es_answer<account_view>(self, decide_credit(self->state.fold, cmd));
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
