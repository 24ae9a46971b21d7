// Publishes the event log to Kafka (issue #5): every envelope, in log order, keyed by stream id,
// from a cursor of its own that advances only over an unbroken run of confirmed deliveries.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "events/base/result.hpp"
#include "infra/clock.hpp"
#include "infra/config.hpp"
#include "infra/cursor_store.hpp"
#include "infra/event_log.hpp"

namespace sluice::infra {

struct publisher_stats {
  std::uint64_t position = 0;   ///< Every event up to here is confirmed by the brokers.
  std::uint64_t lag_events = 0; ///< log last_seq - position.
  double lag_seconds = 0;       ///< Age of the oldest unconfirmed event; 0 when caught up.
  std::string last_error;       ///< The latest delivery or broker error; empty when healthy.
};

class publisher {
public:
  virtual ~publisher() = default;

  /// Starts the publishing thread. errc::config_invalid (with `error_text`) if librdkafka
  /// refuses the configuration, e.g. an unknown property in `kafka.properties`.
  static result<std::unique_ptr<publisher>> start(const kafka_config& config, event_log& log,
                                                  cursor_store& cursors, const clock& clock,
                                                  std::string& error_text);

  virtual publisher_stats stats() const = 0;
  /// Blocks until every event up to `seq` is confirmed or `timeout` passes; true if confirmed.
  virtual bool wait_for_position(std::uint64_t seq, std::chrono::milliseconds timeout) const = 0;
  /// Waits a few seconds for in-flight messages, saves the cursor, stops. Idempotent.
  virtual void stop() = 0;
};

} // namespace sluice::infra
