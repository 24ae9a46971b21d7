// Where an account's orders to close tunnels now (key revoked or capped, wallet empty, session
// discarded) meet the gateway's relays. The gateway registers a callback per tunnel; the account
// actor calls order_close. Nothing travels for the tunnels that simply end, which is nearly all of
// them: until 2026-12 every tunnel kept a request open at its account for this, two messages
// through the bridge and a response promise per tunnel.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "actors/facade/tunnel_commands.hpp"

namespace sluice::actors {

class tunnel_watch {
public:
  using on_close = std::function<void(tunnel_closure)>;

  /// `callback` runs once, on the thread that orders the close (or here, if the order came
  /// first). It must not block: post to the relay's executor.
  void watch(const std::string& tunnel_id, on_close callback);
  /// The tunnel ended: no callback from now on.
  void unwatch(const std::string& tunnel_id);
  /// From the account actor. An order for a tunnel not watched yet waits for its watch.
  void order_close(const std::string& tunnel_id, const std::string& reason);
  /// From the account actor, once the tunnel's final report is in: drops an order never picked
  /// up (the relay never started).
  void forget(const std::string& tunnel_id);

  std::size_t size() const;

private:
  struct entry {
    on_close callback;
    std::optional<std::string> ordered; ///< A close order that came before the watch.
  };

  mutable std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
};

} // namespace sluice::actors
