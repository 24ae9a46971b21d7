// What an accept loop does after a failed accept. A connection reset or refused by a filter
// before we took it failed on its own: accept the next one at once. Running out of descriptors
// or kernel memory is different: the connection stays queued, the listener stays readable, and
// accepting again at once would spin a core until a descriptor frees up. Those pause the loop
// (the descriptors of closing connections come back meanwhile) and are logged once per episode,
// not once per try.
#pragma once

#include <boost/system/error_code.hpp>
#include <chrono>
#include <string>
#include <string_view>

namespace sluice::infra {

/// How long an accept loop sleeps after an accept failed for want of resources.
inline constexpr std::chrono::milliseconds accept_pause{100};

class accept_backoff {
public:
  /// `listener` names the listener in the log ("socks.listen").
  explicit accept_backoff(std::string_view listener);

  /// After a failed accept: zero to accept again at once, else how long to wait first.
  std::chrono::milliseconds failed(const boost::system::error_code& ec);
  /// After an accept that worked: ends an episode of failures (logged once).
  void succeeded();

private:
  std::string listener_;
  std::size_t failures_ = 0; ///< Failed accepts in the current episode of starvation.
};

} // namespace sluice::infra
