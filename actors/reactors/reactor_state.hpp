// The webhook reactor's actor state and the steps its two source files share. Private to
// actors/reactors/.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include "actors/reactors/delivery_rules.hpp"
#include "actors/reactors/delivery_state.hpp"
#include "actors/runtime/context.hpp"
#include "actors/runtime/messages.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

/// An attempt's outcome this actor appended and has not folded yet.
struct own_record {
  std::uint64_t version = 0; ///< The delivery stream's version once it is appended.
  std::uint64_t attempt = 0; ///< The attempt number it records (0: an ending without one).
};

struct reactor_state {
  static inline const char* name = "webhook_reactor";
  std::shared_ptr<const actor_context> ctx;
  infra::webhook_sender* sender = nullptr;
  retry_policy policy;
  std::chrono::milliseconds horizon{}; ///< Older triggers schedule nothing.
  caf::actor tailer;
  delivery_fold fold;
  bool loaded = false;
  /// The tail has reached the end of the log once since start: only then is the fold complete
  /// enough to tell what is due (a delivery recorded as done after the snapshot is not).
  bool caught_up = false;
  /// Deliveries with an attempt (or an ending) in flight: not dispatched again until the log
  /// shows what became of it. The value: that attempt is one by hand (it pays one owed).
  std::map<std::string, bool> sending;
  /// For a delivery with a redelivery by hand this actor appended and has not folded yet: the
  /// stream version it reaches. Until folded it is a request queued that the fold does not show.
  std::map<std::string, std::uint64_t> requested_at;
  /// For a delivery in `sending` whose outcome is being appended: the stream version that
  /// record reaches (folding it ends the `sending`), and the attempt number it records.
  std::map<std::string, own_record> recorded_at;
  /// Stream versions this actor's own appends reach, ahead of the fold, so back-to-back appends
  /// to one delivery stream chain their expected versions.
  std::map<std::string, std::uint64_t> written;
  std::size_t appends_in_flight = 0;
  std::uint64_t saved_position = 0;
  std::chrono::steady_clock::time_point saved_at{};
  std::mt19937_64 rng{std::random_device{}()};
};

using reactor_ptr = caf::stateful_actor<reactor_state>*;

/// Appends `events` to the delivery's stream after whatever this actor wrote there before;
/// `then` runs in the actor once the log answered. Returns the stream version it will reach.
std::uint64_t append_to_delivery(reactor_ptr self, const std::string& delivery_id,
                                 std::uint64_t folded_version,
                                 const std::vector<events::any_event>& events,
                                 std::function<void(std::error_code)> then);

/// Backoff before appending again after a failed append: doubles from 1 s up to 30 s.
std::chrono::milliseconds next_backoff(std::chrono::milliseconds previous);

/// Sends every attempt that is due (and ends deliveries whose webhook is gone).
void dispatch_due(reactor_ptr self);

/// Records an attempt's answer.
void record_attempt(reactor_ptr self, const std::string& delivery_id, bool manual,
                    const infra::webhook_response& answer);

/// POST .../redeliver.
caf::result<redelivery_view> request_redelivery(reactor_ptr self, const redeliver_webhook& cmd);

} // namespace sluice::actors
