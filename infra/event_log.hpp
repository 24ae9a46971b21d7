// The durable, append-only event log of DESIGN.md §3: optimistic-concurrency appends of event
// batches to one stream, group-committed by one writer thread; reads by stream and by sequence.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/base/result.hpp"
#include "events/envelope.hpp"

namespace sluice::infra {

/// Append `events` to `stream` if its last version is `expected_version` (0: the stream must
/// not exist yet). All or nothing.
struct append_request {
  std::string stream;
  std::uint64_t expected_version = 0;
  std::vector<events::event_data> events;
  /// The envelopes' `ts`: the time the command was decided, so the actor's state and the log
  /// agree on it. Left at the epoch, the writer stamps its own clock's time.
  events::timestamp ts{};
};

/// What a durable append got: the sequences of its first and last event and the stream's version.
struct append_ack {
  std::uint64_t first_seq = 0;
  std::uint64_t last_seq = 0;
  std::uint64_t stream_version = 0;
};

/// Called exactly once per append, on the writer thread, after the batch holding it is durable
/// (or failed). It must not block: hand the result to another thread or actor.
using append_callback = std::function<void(result<append_ack>)>;

/// The latest saved state of one stream's fold, to bound recovery time.
struct snapshot {
  std::uint64_t version = 0;
  std::string state; ///< Opaque to the log (JSON written by the owning actor).
};

class event_log {
public:
  virtual ~event_log() = default;

  /// Queues an append; the callback gets errc::version_conflict (nothing written),
  /// errc::invalid_argument (no events, a stream id or event too large), errc::unavailable
  /// (queue full), errc::shutting_down (log closing) or errc::io_error (write failed).
  virtual void async_append(append_request request, append_callback done) = 0;

  /// Blocking form of async_append, for tools and tests. Never call it from an actor or an
  /// Asio thread.
  result<append_ack> append(append_request request);

  /// Events of `stream` with version >= `from_version`, at most `max_count`, in version order.
  virtual result<std::vector<events::envelope>>
  read_stream(std::string_view stream, std::uint64_t from_version, std::size_t max_count) const = 0;

  /// Events with seq > `after_seq`, at most `max_count`, in sequence order (gapless).
  virtual result<std::vector<events::envelope>> read_after(std::uint64_t after_seq,
                                                           std::size_t max_count) const = 0;

  /// The sequence of the last durable event (0: empty log).
  virtual std::uint64_t last_seq() const = 0;

  /// Blocks the calling thread until last_seq() > after_seq, the timeout passes or the log
  /// closes; returns last_seq(). For tailing readers, instead of polling in a loop.
  virtual std::uint64_t wait_for_seq(std::uint64_t after_seq,
                                     std::chrono::milliseconds timeout) const = 0;

  /// Stores the state of `stream` at `version`; not synced (losing it only costs a longer replay).
  virtual status save_snapshot(std::string_view stream, const snapshot& s) = 0;
  virtual result<std::optional<snapshot>> load_snapshot(std::string_view stream) const = 0;
};

} // namespace sluice::infra
