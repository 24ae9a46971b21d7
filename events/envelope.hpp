// The event envelope of DESIGN.md §3: what the log stores, Kafka carries and audits export.
// `data` stays a JSON object so that event types this build does not know pass through intact.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "events/base/result.hpp"
#include "events/time.hpp"

namespace sluice::events {

/// One stored event. `seq` is global and gapless from 1; `version` counts within `stream` from 1.
struct envelope {
  std::uint64_t seq = 0;
  std::string id;     ///< "evt_" + UUID v4, unique per event.
  std::string type;   ///< PascalCase wire name, e.g. "WalletCredited".
  std::string stream; ///< e.g. "account/u_abc123".
  std::uint64_t version = 0;
  timestamp ts{};
  boost::json::object data;

  friend bool operator==(const envelope&, const envelope&) = default;
};

/// An event before the log gives it seq, id, version and ts: what decide() produces.
struct event_data {
  std::string type;
  boost::json::object data;
};

/// Serializes as {"seq","id","type","stream","version","ts","data"} in that order.
std::string to_json(const envelope& e);

/// Parses and validates every field; errc::corrupt_data names nothing but fails loudly.
result<envelope> envelope_from_json(std::string_view text);

} // namespace sluice::events
