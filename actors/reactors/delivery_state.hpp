// The fold of the webhook delivery reactor: which webhooks exist (from their streams' events)
// and which deliveries still owe an attempt (from the delivery streams), up to `position` in the
// log. Rebuilt after a restart from the newest snapshot plus the log after it.
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "events/base/result.hpp"
#include "events/catalogue.hpp"

namespace sluice::actors {

struct hook_info {
  std::string account_id;
  std::string url;
  std::vector<std::string> events;
  std::string secret_sealed;
  bool active = true; ///< false once a receiver answered 410 Gone.
};
BOOST_DESCRIBE_STRUCT(hook_info, (), (account_id, url, events, secret_sealed, active))

struct pending_delivery {
  std::string delivery_id;
  std::string webhook_id;
  std::string account_id;
  std::string event;
  std::string body;
  std::uint64_t version = 0;            ///< Of the delivery stream, as folded.
  std::uint64_t attempts = 0;           ///< Every attempt, by hand or by the schedule.
  std::uint64_t scheduled_attempts = 0; ///< Attempts the retry schedule made.
  events::timestamp due_at{};           ///< Next scheduled attempt (unless completed).
  bool completed = false;               ///< Kept only while a redelivery by hand is owed.
  /// Redeliveries by hand requested and not yet attempted. A count, not a flag: a request that
  /// comes while an attempt by hand is in flight is owed an attempt of its own after it.
  std::uint64_t manual_owed = 0;
};
// delivery_id is the key it is filed under in a snapshot, not a member of its record.
BOOST_DESCRIBE_STRUCT(pending_delivery, (),
                      (webhook_id, account_id, event, body, version, attempts, scheduled_attempts,
                       due_at, completed, manual_owed))

struct delivery_fold {
  std::uint64_t position = 0; ///< Every event up to this sequence is folded.
  std::map<std::string, hook_info> hooks;
  std::map<std::string, pending_delivery> deliveries;
};
BOOST_DESCRIBE_STRUCT(delivery_fold, (), (position, hooks, deliveries))

/// True for the event types the fold or the trigger rules read; the rest are skipped undecoded.
bool reactor_reads(std::string_view type);

/// Folds one event of the log (`e` decoded from `env`).
void evolve(delivery_fold& fold, const events::envelope& env, const events::any_event& e);

/// Folds one event of a single delivery stream into `d` (for a delivery no longer held).
void evolve_delivery(pending_delivery& d, const events::envelope& env, const events::any_event& e);

std::string to_snapshot(const delivery_fold& fold);
result<delivery_fold> delivery_fold_from_snapshot(std::string_view text);

} // namespace sluice::actors
