// Events of a sticky proxy session (stream "session/{account}/{session}/{country}"): which exit
// node the session token exits from, and why that changed (DESIGN.md §2, issue #4).
#pragma once

#include <boost/describe/class.hpp>
#include <string>
#include <string_view>

namespace sluice::events {

/// The session now exits from `node` (first use, or after a rotation, discard or expiry).
struct session_bound {
  static constexpr std::string_view type = "SessionBound";
  std::string account;
  std::string session;
  std::string country;
  std::string service; ///< The tag of the connection that bound it; empty for none.
  std::string node;
};
BOOST_DESCRIBE_STRUCT(session_bound, (), (account, session, country, service, node))

/// The binding to `node` was released: `reason` is "requested" (POST /proxy/rotate) or
/// "node_down" (the node failed and the session moves on its next connection).
struct session_rotated {
  static constexpr std::string_view type = "SessionRotated";
  std::string account;
  std::string session;
  std::string country;
  std::string node;
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(session_rotated, (), (account, session, country, node, reason))

/// Released like a rotation, and `node` is blacklisted for the account (ExitNodeBlacklisted).
struct session_discarded {
  static constexpr std::string_view type = "SessionDiscarded";
  std::string account;
  std::string session;
  std::string country;
  std::string node;
};
BOOST_DESCRIBE_STRUCT(session_discarded, (), (account, session, country, node))

/// Idle for longer than `socks.session_idle_ttl`: the binding to `node` rolled off.
struct session_expired {
  static constexpr std::string_view type = "SessionExpired";
  std::string account;
  std::string session;
  std::string country;
  std::string node;
};
BOOST_DESCRIBE_STRUCT(session_expired, (), (account, session, country, node))

/// The session was in use (a connection opened on it, or bytes relayed) up to `active_at` (RFC
/// 3339, as envelope timestamps): its binding lasts until `socks.session_idle_ttl` after that.
/// Written while in use at most about once per ttl/24, and when its actor retires or stops with
/// use not yet written, so idleness is measured the same after a restart.
struct session_active {
  static constexpr std::string_view type = "SessionActive";
  std::string account;
  std::string session;
  std::string country;
  std::string node;
  std::string active_at;
};
BOOST_DESCRIBE_STRUCT(session_active, (), (account, session, country, node, active_at))

} // namespace sluice::events
