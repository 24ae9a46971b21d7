// The gateway's credential (seed 000 §03): a routing username naming account, session, country
// and streaming service, with an `sk_live_` key of that account as the password.
#pragma once

#include "gateway/credentials/credential_resolver.hpp"
#include "gateway/gateway_context.hpp"

namespace sluice::gateway {

class routing_credentials final : public credential_resolver {
public:
  /// `ctx` must outlive this.
  explicit routing_credentials(const gateway_context& ctx) : ctx_(ctx) {
  }

  /// Passes when the username parses, its country has an exit node, its service (if any) is
  /// known, and the key is a live gateway key of that account.
  boost::asio::awaitable<std::optional<actors::open_tunnel>>
  resolve(const client_credentials& presented) const override;

private:
  const gateway_context& ctx_;
};

} // namespace sluice::gateway
