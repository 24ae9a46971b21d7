// The id sequence: its fold is the last id issued, which is its stream's version.
#include "actors/sequence/sequence_actor.hpp"

#include <boost/describe/class.hpp>

#include "actors/runtime/event_sourced.hpp"
#include "events/record_codec.hpp"

namespace sluice::actors {

struct sequence_state {
  std::uint64_t version = 0; ///< Also the last id issued.
};
BOOST_DESCRIBE_STRUCT(sequence_state, (), (version))

void evolve(sequence_state& state, const events::any_event&, events::timestamp) {
  ++state.version;
}

std::string to_snapshot(const sequence_state& state) {
  return events::encode_record(state);
}

namespace {

result<sequence_state> sequence_from_snapshot(std::string_view text) {
  return events::decode_record<sequence_state>(text);
}

using sequence_traits = fold_traits<sequence_state, &sequence_from_snapshot>;
using self_ptr = es_actor<sequence_traits>*;

caf::behavior sequence_behavior(self_ptr self, std::string name, caf::actor directory,
                                std::shared_ptr<const actor_context> ctx) {
  auto stream = "ids/" + name;
  es_init(self, std::move(name), std::move(stream), std::move(directory), std::move(ctx));
  return {
    [self](next_id_atom) -> caf::result<std::uint64_t> {
      return es_guarded(self, [&]() -> caf::result<std::uint64_t> {
        auto& st = self->state;
        const events::id_issued issued{st.id, st.fold.version + 1};
        auto promise = self->make_response_promise<std::uint64_t>();
        es_commit(self, {issued}, [promise](const sequence_state& fold) mutable {
          return [promise, id = fold.version](std::error_code ec) mutable {
            if (ec) {
              promise.deliver(to_caf_error(ec));
            } else {
              promise.deliver(id);
            }
          };
        });
        return promise;
      });
    },
    es_appended_handler(self),
    es_tick_handler(self),
  };
}

} // namespace

caf::actor spawn_sequence(caf::event_based_actor* directory, const std::string& name,
                          std::shared_ptr<const actor_context> ctx) {
  return directory->spawn(sequence_behavior, name, caf::actor_cast<caf::actor>(directory),
                          std::move(ctx));
}

} // namespace sluice::actors
