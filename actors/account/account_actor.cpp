// CAF glue of the account aggregate: decide with account_rules, commit through event_sourced.
#include "actors/account/account_actor.hpp"

#include "actors/account/account_rules.hpp"
#include "actors/runtime/event_sourced.hpp"

namespace sluice::actors {
namespace {

struct account_traits {
  using fold_type = account_state;
  static void evolve(account_state& s, const events::any_event& e, events::timestamp ts) {
    actors::evolve(s, e, ts);
  }
  static std::string to_snapshot(const account_state& s) {
    return actors::to_snapshot(s);
  }
  static result<account_state> from_snapshot(std::string_view text) {
    return account_from_snapshot(text);
  }
};

using self_ptr = es_actor<account_traits>*;

// Decides, commits, and answers the view as of this command once it is durable.
caf::result<account_view> run(self_ptr self, result<std::vector<events::any_event>> decided) {
  if (!decided)
    return to_caf_error(decided.error());
  auto promise = self->make_response_promise<account_view>();
  es_commit(self, *decided, [promise](const auto& fold) {
    return [promise, v = view(fold)](std::error_code ec) mutable {
      if (ec) {
        promise.deliver(to_caf_error(ec));
      } else {
        promise.deliver(v);
      }
    };
  });
  return promise;
}

caf::behavior account_behavior(self_ptr self, std::string id, caf::actor directory,
                               std::shared_ptr<const actor_context> ctx) {
  auto stream = "account/" + id;
  es_init(self, std::move(id), std::move(stream), std::move(directory), std::move(ctx));
  return {
    [self](create_atom, const create_account& cmd) -> caf::result<account_view> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      return run(self, decide_create(self->state.fold, self->state.id, cmd));
    },
    [self](caf::get_atom) -> caf::result<account_view> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      if (!self->state.fold.exists())
        return to_caf_error(errc::not_found);
      return run(self, std::vector<events::any_event>{});
    },
    [self](credit_atom, const credit_wallet& cmd) -> caf::result<account_view> {
      if (!es_begin_command(self))
        return to_caf_error(errc::shutting_down);
      return run(self, decide_credit(self->state.fold, cmd));
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
