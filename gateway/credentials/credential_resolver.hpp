// What a client's credentials entitle it to, behind one interface so that every front end
// authenticates the same way whatever the credential: a routing username and an API key (the
// byte-metered gateway), a lease's port and its user/password, later a Shadowsocks key or a
// VLESS UUID. A front end parses the credential off its wire and asks its resolver.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "actors/facade/tunnel_commands.hpp"

namespace sluice::gateway {

struct client_credentials {
  std::string username;
  std::string password;
};

class credential_resolver {
public:
  virtual ~credential_resolver() = default;

  /// The tunnel these credentials may open (its `tunnel_id` still empty), or nullopt when they
  /// are wrong, unknown or revoked. Never says which of those.
  virtual boost::asio::awaitable<std::optional<actors::open_tunnel>>
  resolve(const client_credentials& presented) const = 0;
};

} // namespace sluice::gateway
