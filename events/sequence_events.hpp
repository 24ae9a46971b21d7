// Events of an id sequence (stream "ids/{sequence}"): the integer ids a REST face shows (seed 001
// numbers orders and keys). The event's stream version is the id, so ids increase, start at 1
// and are never reused, across restarts too.
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::events {

struct id_issued {
  static constexpr std::string_view type = "IdIssued";
  std::string sequence; ///< "order", "reseller_key", ...
  std::uint64_t id = 0;
};
BOOST_DESCRIBE_STRUCT(id_issued, (), (sequence, id))

} // namespace sluice::events
