// Which destinations the streaming-scoped gateway lets through (seed 000 §04, issue #4): a name
// that equals or ends in "." + a host suffix of a configured service, or an IP literal inside a
// service's CIDRs. With a service tag only that service's entries count.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "infra/config.hpp"

namespace sluice::gateway {

class allow_list {
public:
  explicit allow_list(const std::map<std::string, infra::service_config>& services);

  /// `service` empty: any configured service. Names compare case-insensitively; a trailing dot
  /// (fully qualified form) is ignored.
  bool allows_name(std::string_view host, std::string_view service = {}) const;
  bool allows_address(const boost::asio::ip::address& address, std::string_view service = {}) const;
  bool knows_service(std::string_view service) const;

private:
  struct cidr {
    boost::asio::ip::address network;
    unsigned prefix = 0;
  };
  struct entry {
    std::vector<std::string> suffixes; ///< Lowercase, no leading or trailing dot.
    std::vector<cidr> cidrs;
  };
  std::map<std::string, entry, std::less<>> services_;
};

} // namespace sluice::gateway
