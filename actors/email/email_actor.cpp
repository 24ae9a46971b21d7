// Signup: create the account first, then claim the email for it. A crash between the two leaves
// an account nobody can log in to (the login projection follows EmailClaimed), never an email
// claimed by no account; a retry of the signup then succeeds.
#include "actors/email/email_actor.hpp"

#include "actors/email/email_state.hpp"
#include "actors/runtime/event_sourced.hpp"
#include "infra/crypto.hpp"

namespace sluice::actors {
namespace {

using email_traits = fold_traits<email_state, &email_from_snapshot>;

using self_ptr = es_actor<email_traits>*;

constexpr std::size_t account_id_chars = 12;

caf::result<account_view> signup(self_ptr self, const create_account& cmd) {
  auto& st = self->state;
  if (!st.fold.account_id.empty())
    return to_caf_error(errc::already_exists);
  auto account_id = infra::random_id("u_", account_id_chars);
  auto promise = self->make_response_promise<account_view>();
  // `.await` keeps a second signup for this email queued until this one is decided.
  self
    ->request(st.ctx->accounts, st.ctx->request_timeout(), route_atom::value, account_id,
              caf::make_message(create_atom::value, cmd))
    .await(
      [self, promise](const account_view& created) mutable {
        auto& s = self->state;
        auto decided = decide_claim(s.fold, s.id, created.account_id);
        if (!decided) {
          promise.deliver(to_caf_error(decided.error()));
          return;
        }
        es_commit(self, *decided, [promise, created](const auto&) {
          return [promise, created](std::error_code ec) mutable {
            if (ec) {
              promise.deliver(to_caf_error(ec));
            } else {
              promise.deliver(created);
            }
          };
        });
      },
      [promise](caf::error& err) mutable { promise.deliver(err); });
  return promise;
}

caf::behavior email_behavior(self_ptr self, std::string email, caf::actor directory,
                             std::shared_ptr<const actor_context> ctx) {
  auto stream = "email/" + email;
  es_init(self, std::move(email), std::move(stream), std::move(directory), std::move(ctx));
  return {
    [self](signup_atom, const create_account& cmd) -> caf::result<account_view> {
      return es_guarded(self, [&] { return signup(self, cmd); });
    },
    es_appended_handler(self),
    es_tick_handler(self),
  };
}

} // namespace

caf::actor spawn_email(caf::event_based_actor* directory, const std::string& email,
                       std::shared_ptr<const actor_context> ctx) {
  return directory->spawn(email_behavior, email, caf::actor_cast<caf::actor>(directory),
                          std::move(ctx));
}

} // namespace sluice::actors
