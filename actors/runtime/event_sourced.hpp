// The machinery every event-sourced actor shares (DESIGN.md §1, house style B.8): rebuild the fold
// from snapshot + tail, apply a command's events at decision time (so the next command sees
// them), append, and answer only once the append is durable. Also idle retirement and snapshots.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actors/runtime/context.hpp"
#include "actors/runtime/errors.hpp"
#include "actors/runtime/messages.hpp"
#include "events/catalogue.hpp"

namespace sluice::actors {

/// Nothing kept beside the fold.
struct no_live_state {};

/// How an aggregate's fold is built and saved. Fold has a `version` member, and next to it (found
/// by argument-dependent lookup) `evolve(Fold&, const any_event&, timestamp)` and
/// `to_snapshot(const Fold&)`; `FromSnapshot` parses what to_snapshot wrote. `Live` is what the
/// actor keeps in memory only (open tunnels, activity): never in events or snapshots.
template <class Fold, result<Fold> (*FromSnapshot)(std::string_view), class Live = no_live_state>
struct fold_traits {
  using fold_type = Fold;
  using live_type = Live;
  static void apply(Fold& fold, const events::any_event& e, events::timestamp ts) {
    evolve(fold, e, ts);
  }
  static std::string save(const Fold& fold) {
    return to_snapshot(fold);
  }
  static result<Fold> load(std::string_view text) {
    return FromSnapshot(text);
  }
};

template <class Traits>
struct es_state {
  static inline const char* name = "event_sourced";
  typename Traits::fold_type fold;
  typename Traits::live_type live;
  std::string id;
  std::string stream;
  caf::actor directory;
  std::shared_ptr<const actor_context> ctx;
  /// Continuations waiting for an append (by token) to be durable. A continuation of a command
  /// that wrote nothing waits for the newest pending append, since its answer reflects it.
  std::map<std::uint64_t, std::vector<std::function<void(std::error_code)>>> waiting;
  std::uint64_t next_token = 0;
  std::uint64_t since_snapshot = 0;
  std::uint64_t handled = 0; ///< Routed commands handled; the directory compares it.
  std::chrono::steady_clock::time_point last_active{};
  caf::error stopping; ///< Set when asked to exit while appends are in flight.
};

template <class Traits>
using es_actor = caf::stateful_actor<es_state<Traits>>;

/// The exit handler's work: quit now, or once the in-flight appends are answered. An actor with
/// an exit handler of its own ends with this (after appending what it must before it stops).
template <class Traits>
void es_exit(es_actor<Traits>* self, const caf::error& reason) {
  if (self->state.waiting.empty()) {
    self->quit(reason);
  } else {
    self->state.stopping = reason;
  }
}

/// Called from the spawn function: fills the state and loads the stream before any command runs
/// (`.await` holds the mailbox until the reader answers).
template <class Traits>
void es_init(es_actor<Traits>* self, std::string id, std::string stream, caf::actor directory,
             std::shared_ptr<const actor_context> ctx) {
  auto& st = self->state;
  st.id = std::move(id);
  st.stream = std::move(stream);
  st.directory = std::move(directory);
  st.ctx = std::move(ctx);
  st.last_active = st.ctx->clock->steady_now();
  self->set_exit_handler([self](caf::exit_msg& msg) { es_exit(self, msg.reason); });
  self->request(st.ctx->reader, st.ctx->request_timeout(), load_atom::value, st.stream)
    .await(
      [self](loaded_stream& loaded) {
        auto& s = self->state;
        if (loaded.error)
          return self->quit(to_caf_error(loaded.error));
        if (loaded.snap) {
          auto fold = Traits::load(loaded.snap->state);
          if (!fold || fold->version != loaded.snap->version) {
            return self->quit(to_caf_error(errc::corrupt_data));
          }
          s.fold = std::move(*fold);
        }
        for (const auto& e : loaded.tail) {
          auto event = events::decode(e);
          if (!event || e.version != s.fold.version + 1) {
            return self->quit(to_caf_error(errc::corrupt_data));
          }
          Traits::apply(s.fold, *event, e.ts);
        }
        s.since_snapshot = loaded.tail.size();
      },
      [self](caf::error& err) { self->quit(err); });
  const auto period = std::chrono::duration_cast<caf::timespan>(st.ctx->options.idle_stop) / 2;
  self->delayed_send(self, period, tick_atom::value);
}

/// Runs `then` once everything decided so far is durable (at once if nothing is in flight).
template <class Traits>
void es_after_durable(es_actor<Traits>* self, std::function<void(std::error_code)> then) {
  auto& st = self->state;
  if (st.waiting.empty())
    return then({});
  st.waiting.rbegin()->second.push_back(std::move(then));
}

/// Applies `decided` to the fold now, appends it, and once durable runs the continuation that
/// `make_then(fold)` builds right after applying: so an answer reflects exactly this command.
template <class Traits, class MakeThen>
void es_commit(es_actor<Traits>* self, const std::vector<events::any_event>& decided,
               MakeThen make_then) {
  auto& st = self->state;
  if (decided.empty())
    return es_after_durable(self, make_then(std::as_const(st.fold)));
  infra::append_request request{st.stream, st.fold.version, {}, st.ctx->clock->now()};
  for (const auto& e : decided) {
    request.events.push_back(events::encode(e));
    Traits::apply(st.fold, e, request.ts);
  }
  const auto token = ++st.next_token;
  st.waiting[token].push_back(make_then(std::as_const(st.fold)));
  st.ctx->log->async_append(std::move(request), [handle = caf::actor_cast<caf::actor>(self),
                                                 token](auto outcome) {
    std::error_code ec = outcome ? std::error_code{} : outcome.error();
    caf::anon_send(handle, appended_atom::value, token, append_outcome{ec});
  });
}

/// The usual command ending: an error at once, or the view of the fold as of this command once
/// its events are durable. `view(const Fold&)` is found by argument-dependent lookup.
template <class View, class Traits>
caf::result<View>
es_answer(es_actor<Traits>* self, result<std::vector<events::any_event>> decided) {
  if (!decided)
    return to_caf_error(decided.error());
  auto promise = self->template make_response_promise<View>();
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

/// Handler for the log's answers. A failed append leaves the fold ahead of the log, so the
/// actor answers everything in flight with the error and stops; it is rebuilt on next use.
template <class Traits>
auto es_appended_handler(es_actor<Traits>* self) {
  return [self](appended_atom, std::uint64_t token, const append_outcome& outcome) {
    auto& st = self->state;
    if (outcome.error) {
      for (auto& [t, continuations] : st.waiting) {
        for (auto& c : continuations)
          c(outcome.error);
      }
      st.waiting.clear();
      return self->quit(to_caf_error(outcome.error));
    }
    auto node = st.waiting.extract(token);
    for (auto& c : node.mapped())
      c({});
    ++st.since_snapshot;
    if (st.waiting.empty() && st.since_snapshot >= st.ctx->options.snapshot_every) {
      // The fold equals the durable state only when nothing is in flight.
      caf::anon_send(st.ctx->reader, save_atom::value, st.stream,
                     infra::snapshot{st.fold.version, Traits::save(st.fold)});
      st.since_snapshot = 0;
    }
    if (st.stopping && st.waiting.empty())
      self->quit(st.stopping);
  };
}

/// Counts a routed command as activity; false if the actor is stopping (answer shutting_down).
template <class Traits>
bool es_begin_command(es_actor<Traits>* self) {
  auto& st = self->state;
  ++st.handled;
  st.last_active = st.ctx->clock->steady_now();
  return !st.stopping;
}

/// The guard every routed command's handler starts with: counts the command as activity and
/// answers shutting_down once the actor is stopping; otherwise answers what `handle()` returns.
template <class Traits, class Handle>
auto es_guarded(es_actor<Traits>* self, Handle&& handle) -> decltype(handle()) {
  if (!es_begin_command(self))
    return to_caf_error(errc::shutting_down);
  return handle();
}

/// The common handler: guarded as above, then commits what the rules decided and answers the
/// view once durable (es_answer). Rules are pure, so deciding before the guard costs nothing.
template <class View, class Traits>
caf::result<View>
es_command(es_actor<Traits>* self, result<std::vector<events::any_event>> decided) {
  return es_guarded(self, [&]() -> caf::result<View> {
    return es_answer<View>(self, std::move(decided));
  });
}

/// Nothing to do before reporting idle.
struct no_last_words {
  void operator()() const {
  }
};

/// Idle check: tells the directory when quiet for idle_stop with nothing in flight; the directory
/// retires the actor only if no command was routed to it meanwhile (primer §6). `last_words` runs
/// first and may append what must not be lost with the actor; the report then waits a tick.
template <class Traits, class LastWords = no_last_words>
auto es_tick_handler(es_actor<Traits>* self, LastWords last_words = {}) {
  return [self, last_words](tick_atom) mutable {
    auto& st = self->state;
    const auto idle = st.ctx->options.idle_stop;
    bool busy = !st.waiting.empty();
    if constexpr (requires { st.live.busy(); })
      busy = busy || st.live.busy(); // E.g. open tunnels: their grants live only here.
    if (!busy && st.ctx->clock->steady_now() - st.last_active >= idle) {
      last_words();
      if (st.waiting.empty())
        self->send(st.directory, idle_atom::value, st.id, st.handled);
    }
    self->delayed_send(self, std::chrono::duration_cast<caf::timespan>(idle) / 2, tick_atom::value);
  };
}

} // namespace sluice::actors
