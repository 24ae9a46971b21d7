#include "gateway/socks5/replies.hpp"

namespace sluice::gateway::socks5 {
namespace net = boost::asio;

reply_code reply_for(refusal why) {
  switch (why) {
    case refusal::policy:
    case refusal::wallet_empty:
    case refusal::quota_reached:
    case refusal::revoked:
    case refusal::limit_reached:
      return reply_code::not_allowed;
    case refusal::no_exit_node:
      return reply_code::network_unreachable;
    case refusal::unreachable:
      return reply_code::host_unreachable;
    case refusal::connection_refused:
      return reply_code::connection_refused;
    case refusal::timed_out:
      return reply_code::ttl_expired;
    case refusal::unsupported_command:
      return reply_code::command_not_supported;
    case refusal::unsupported_address:
      return reply_code::address_type_not_supported;
    case refusal::failure:
      break;
  }
  return reply_code::general_failure;
}

std::optional<net::ip::address> literal_address(const destination& where) {
  if (const auto* v4 = std::get_if<ipv4_address>(&where))
    return net::ip::address{net::ip::address_v4{v4->bytes}};
  if (const auto* v6 = std::get_if<ipv6_address>(&where))
    return net::ip::address{net::ip::address_v6{v6->bytes}};
  return std::nullopt;
}

target_host target_host_of(const destination& where) {
  if (auto address = literal_address(where))
    return *address;
  return std::get<std::string>(where);
}

destination address_field(const net::ip::address& address) {
  if (address.is_v4())
    return ipv4_address{address.to_v4().to_bytes()};
  const auto v6 = address.to_v6();
  if (v6.is_v4_mapped())
    return ipv4_address{net::ip::make_address_v4(net::ip::v4_mapped, v6).to_bytes()};
  return ipv6_address{v6.to_bytes()};
}

} // namespace sluice::gateway::socks5
