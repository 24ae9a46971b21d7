// Why a tunnel was not opened, in the gateway's own terms: the tunnel core (tunnel_opening.hpp)
// and the exit connectors say one of these, and each front end turns it into its wire's code
// with a table of its own (SOCKS5: socks5/replies.hpp). The names are also what metrics and logs
// call the outcome, so they say what happened, not what a protocol answers.
#pragma once

#include <boost/system/error_code.hpp>
#include <cstdint>
#include <string_view>
#include <system_error>

namespace sluice::gateway {

enum class refusal : std::uint8_t {
  failure,             ///< This side failed (out of descriptors, an internal error).
  policy,              ///< The destination is not allowed here (allow-list, private address).
  wallet_empty,        ///< The account has nothing left to grant.
  quota_reached,       ///< The key's byte cap is used up.
  revoked,             ///< The key was revoked, or its account is gone.
  limit_reached,       ///< The account holds its cap of open tunnels.
  no_exit_node,        ///< No usable exit node for this tunnel (its country's, its lease's).
  unreachable,         ///< The target's name does not resolve, or its host cannot be reached.
  connection_refused,  ///< The target refused the connection.
  timed_out,           ///< The target did not answer in time.
  unsupported_command, ///< The request asks for what this path cannot do (UDP via an http node).
  unsupported_address, ///< The target is named in a form this path cannot use.
};

/// A short lowercase name for logs and metric labels: "wallet_empty", "no_exit_node", ...
std::string_view name_of(refusal why);

/// What an actor's refusal to open a tunnel means (errc from actors/facade).
refusal refusal_of_account(const std::error_code& ec);

/// A failed connect to the target.
refusal refusal_of_connect(const boost::system::error_code& ec);

/// An upstream SOCKS5 proxy's REP for our CONNECT. Its "network unreachable" (0x03) is the
/// target's network, so unreachable: no_exit_node means this gateway had no node to use.
refusal refusal_of_upstream_reply(std::uint8_t rep);

} // namespace sluice::gateway
