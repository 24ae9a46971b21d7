// URL parsing with Boost.URL, resolution with Asio's resolver, address policy from infra.
#include "http/b2b/webhook_target.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>

#include "infra/address_policy.hpp"
#include "infra/async_resolve.hpp"

namespace sluice::http {

boost::asio::awaitable<std::optional<std::string>> check_webhook_target(const std::string& url,
                                                                        bool allow_private) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed)
    co_return "url: must be an absolute https:// URL";
  const auto& u = *parsed;
  const auto scheme = u.scheme_id();
  const bool scheme_ok = scheme == boost::urls::scheme::https
                         || (allow_private && scheme == boost::urls::scheme::http);
  if (!scheme_ok)
    co_return "url: must be an https:// URL";
  if (u.has_userinfo())
    co_return "url: must not contain credentials";
  std::string host;
  switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
      host = u.host_ipv4_address().to_string();
      break;
    case boost::urls::host_type::ipv6:
      host = u.host_ipv6_address().to_string();
      break;
    case boost::urls::host_type::name:
      host = u.host_name();
      break;
    default:
      co_return "url: must name a host";
  }
  if (host.empty())
    co_return "url: must name a host";
  if (allow_private)
    co_return std::nullopt;
  const auto port = u.has_port() ? std::string{u.port()} : std::string{"443"};
  boost::asio::ip::tcp::resolver resolver(co_await boost::asio::this_coro::executor);
  auto [ec, results] = co_await infra::resolve_by_ref(resolver, host, port);
  if (ec || results.empty())
    co_return "url: the host does not resolve";
  for (const auto& entry : results) {
    if (!infra::is_public_address(entry.endpoint().address())) {
      co_return "url: the host resolves to a loopback, private, link-local or otherwise "
                "non-public address";
    }
  }
  co_return std::nullopt;
}

} // namespace sluice::http
