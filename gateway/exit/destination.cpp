// Destination policy: names are checked before anything is resolved, so a refused name costs no
// DNS query; every resolved address is checked again, so a permitted name pointing at a private
// address is refused too.
#include "gateway/exit/destination.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "infra/address_policy.hpp"
#include "infra/async_resolve.hpp"

namespace sluice::gateway {
namespace net = boost::asio;

namespace {

std::string lowercase(std::string text) {
  for (auto& c : text) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  if (!text.empty() && text.back() == '.')
    text.pop_back();
  return text;
}

/// A DNS name as the allow-list and the resolver both read it: no NUL or other byte that one of
/// them would take differently (getaddrinfo stops at a NUL the suffix match does not).
bool plain_host_name(const std::string& name) {
  if (name.empty() || name.size() > 253)
    return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
    if (!ok)
      return false;
  }
  return true;
}

} // namespace

net::awaitable<std::vector<net::ip::address>> resolve_name(const gateway_context& ctx,
                                                           const std::string& name) {
  std::vector<net::ip::address> out;
  if (auto it = ctx.static_hosts.find(lowercase(name)); it != ctx.static_hosts.end()) {
    for (const auto& literal : it->second) {
      boost::system::error_code ec;
      auto address = net::ip::make_address(literal, ec);
      if (!ec)
        out.push_back(address);
    }
    co_return out;
  }
  auto executor = co_await net::this_coro::executor;
  net::ip::tcp::resolver resolver(executor);
  const std::string service = "0";
  auto [ec, results] = co_await infra::resolve_by_ref(resolver, name, service);
  if (ec)
    co_return out;
  for (const auto& entry : results)
    out.push_back(entry.endpoint().address());
  co_return out;
}

net::awaitable<checked_destination>
check_destination(const gateway_context& ctx, const target_host& where, const std::string& service,
                  bool apply_allow_list) {
  checked_destination out;
  std::vector<net::ip::address> candidates;
  if (const auto* literal = std::get_if<net::ip::address>(&where)) {
    if (apply_allow_list && !ctx.allowed.allows_address(*literal, service))
      co_return out;
    candidates.push_back(*literal);
  } else {
    const auto& name = std::get<std::string>(where);
    if (!plain_host_name(name) || (apply_allow_list && !ctx.allowed.allows_name(name, service)))
      co_return out;
    candidates = co_await resolve_name(ctx, name);
    if (candidates.empty()) {
      out.verdict = destination_verdict::unresolvable;
      co_return out;
    }
  }
  for (const auto& address : candidates) {
    if (ctx.socks.allow_private_destinations || infra::is_public_address(address))
      out.addresses.push_back(address);
  }
  out.verdict = out.addresses.empty() ? destination_verdict::refused : destination_verdict::allowed;
  co_return out;
}

} // namespace sluice::gateway
