#include "gateway/tunnel/refusal.hpp"

#include <boost/asio/error.hpp>

#include "events/base/errc.hpp"

namespace sluice::gateway {

std::string_view name_of(refusal why) {
  switch (why) {
    case refusal::failure:
      return "failure";
    case refusal::policy:
      return "policy";
    case refusal::wallet_empty:
      return "wallet_empty";
    case refusal::quota_reached:
      return "quota_reached";
    case refusal::revoked:
      return "revoked";
    case refusal::limit_reached:
      return "limit_reached";
    case refusal::no_exit_node:
      return "no_exit_node";
    case refusal::unreachable:
      return "unreachable";
    case refusal::connection_refused:
      return "connection_refused";
    case refusal::timed_out:
      return "timed_out";
    case refusal::unsupported_command:
      return "unsupported_command";
    case refusal::unsupported_address:
      return "unsupported_address";
  }
  return "failure";
}

refusal refusal_of_account(const std::error_code& ec) {
  if (ec == make_error_code(errc::unavailable))
    return refusal::no_exit_node;
  if (ec == make_error_code(errc::wallet_empty))
    return refusal::wallet_empty;
  if (ec == make_error_code(errc::quota_exceeded))
    return refusal::quota_reached;
  // not_found: the key or its account went away after it authenticated.
  if (ec == make_error_code(errc::revoked) || ec == make_error_code(errc::not_found))
    return refusal::revoked;
  if (ec == make_error_code(errc::limit_reached))
    return refusal::limit_reached;
  return refusal::failure;
}

refusal refusal_of_connect(const boost::system::error_code& ec) {
  namespace e = boost::asio::error;
  if (ec == e::connection_refused)
    return refusal::connection_refused;
  if (ec == e::host_unreachable || ec == e::host_not_found || ec == e::network_unreachable)
    return refusal::unreachable;
  if (ec == e::timed_out)
    return refusal::timed_out;
  return refusal::failure;
}

refusal refusal_of_upstream_reply(std::uint8_t rep) {
  switch (rep) {
    case 0x02:
      return refusal::policy;
    case 0x03:
    case 0x04:
      return refusal::unreachable;
    case 0x05:
      return refusal::connection_refused;
    case 0x06:
      return refusal::timed_out;
    case 0x07:
      return refusal::unsupported_command;
    case 0x08:
      return refusal::unsupported_address;
    default:
      return refusal::failure; // 0x01, and 0x00 or a code RFC 1928 does not define.
  }
}

} // namespace sluice::gateway
