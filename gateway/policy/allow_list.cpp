// Suffix and CIDR matching. CIDRs that do not parse are skipped here: config validation
// (infra/toml) refuses them at start-up.
#include "gateway/policy/allow_list.hpp"

#include <algorithm>
#include <charconv>

namespace sluice::gateway {
namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trimmed_dots(std::string_view s) {
  while (!s.empty() && s.front() == '.')
    s.remove_prefix(1);
  while (!s.empty() && s.back() == '.')
    s.remove_suffix(1);
  return lowercase(s);
}

bool suffix_match(std::string_view host, std::string_view suffix) {
  if (host == suffix)
    return true;
  return host.size() > suffix.size() && host.ends_with(suffix)
         && host[host.size() - suffix.size() - 1] == '.';
}

template <std::size_t N>
bool prefix_equal(const std::array<unsigned char, N>& a, const std::array<unsigned char, N>& b,
                  unsigned bits) {
  for (std::size_t i = 0; i < N && bits > 0; ++i) {
    const unsigned take = std::min(bits, 8U);
    const auto mask = static_cast<unsigned char>(0xff << (8 - take));
    if ((a[i] & mask) != (b[i] & mask))
      return false;
    bits -= take;
  }
  return true;
}

} // namespace

allow_list::allow_list(const std::map<std::string, infra::service_config>& services) {
  for (const auto& [tag, config] : services) {
    entry e;
    for (const auto& h : config.hosts) {
      auto s = trimmed_dots(h);
      if (!s.empty())
        e.suffixes.push_back(std::move(s));
    }
    for (const auto& c : config.cidrs) {
      const auto slash = c.find('/');
      boost::system::error_code ec;
      auto network = boost::asio::ip::make_address(c.substr(0, slash), ec);
      if (ec)
        continue;
      const unsigned max_bits = network.is_v4() ? 32 : 128;
      unsigned bits = max_bits;
      if (slash != std::string::npos) {
        const auto* first = c.data() + slash + 1;
        const auto* last = c.data() + c.size();
        if (std::from_chars(first, last, bits).ptr != last || first == last)
          continue;
      }
      if (bits <= max_bits)
        e.cidrs.push_back({network, bits});
    }
    services_.emplace(tag, std::move(e));
  }
}

bool allow_list::knows_service(std::string_view service) const {
  return services_.find(service) != services_.end();
}

bool allow_list::allows_name(std::string_view host, std::string_view service) const {
  const auto name = trimmed_dots(host);
  if (name.empty())
    return false;
  for (const auto& [tag, e] : services_) {
    if (!service.empty() && tag != service)
      continue;
    for (const auto& suffix : e.suffixes) {
      if (suffix_match(name, suffix))
        return true;
    }
  }
  return false;
}

bool allow_list::allows_address(const boost::asio::ip::address& address,
                                std::string_view service) const {
  for (const auto& [tag, e] : services_) {
    if (!service.empty() && tag != service)
      continue;
    for (const auto& c : e.cidrs) {
      if (c.network.is_v4() && address.is_v4()
          && prefix_equal(c.network.to_v4().to_bytes(), address.to_v4().to_bytes(), c.prefix)) {
        return true;
      }
      if (c.network.is_v6() && address.is_v6()
          && prefix_equal(c.network.to_v6().to_bytes(), address.to_v6().to_bytes(), c.prefix)) {
        return true;
      }
    }
  }
  return false;
}

} // namespace sluice::gateway
