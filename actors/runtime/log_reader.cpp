// Stream loading for actor recovery: newest snapshot, then every event after it, in chunks.
#include "actors/runtime/log_reader.hpp"

#include "actors/runtime/messages.hpp"

namespace sluice::actors {
namespace {

constexpr std::size_t read_chunk_events = 1024;

loaded_stream load(infra::event_log& log, const std::string& stream) {
  loaded_stream out;
  auto snap = log.load_snapshot(stream);
  if (!snap) {
    out.error = snap.error();
    return out;
  }
  out.snap = std::move(*snap);
  std::uint64_t next = out.snap ? out.snap->version + 1 : 1;
  for (;;) {
    auto chunk = log.read_stream(stream, next, read_chunk_events);
    if (!chunk) {
      out.error = chunk.error();
      return out;
    }
    next += chunk->size();
    const bool last = chunk->size() < read_chunk_events;
    for (auto& e : *chunk)
      out.tail.push_back(std::move(e));
    if (last)
      return out;
  }
}

/// Sent to itself when asked to exit: it queues behind the snapshots already sent, which an exit
/// (a high-priority message) would overtake and drop.
using drain_atom = caf::atom_constant<caf::atom("rd_drain")>;

} // namespace

caf::behavior log_reader(caf::event_based_actor* self, infra::event_log* log) {
  self->set_exit_handler(
    [self](caf::exit_msg& msg) { self->send(self, drain_atom::value, std::move(msg.reason)); });
  return {
    [self](drain_atom, caf::error& reason) { self->quit(std::move(reason)); },
    [log](load_atom, const std::string& stream) { return load(*log, stream); },
    [log](save_atom, const std::string& stream, const infra::snapshot& s) {
      // A lost snapshot only lengthens the next recovery, so a failure is not fatal.
      (void) log->save_snapshot(stream, s);
    },
  };
}

} // namespace sluice::actors
