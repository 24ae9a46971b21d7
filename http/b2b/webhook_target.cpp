// URL parsing from infra, resolution with Asio's resolver, address policy from infra.
#include "http/b2b/webhook_target.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>

#include "infra/address_policy.hpp"
#include "infra/async_resolve.hpp"
#include "infra/webhook_target.hpp"

namespace sluice::http {

boost::asio::awaitable<std::optional<std::string>> check_webhook_target(const std::string& url,
                                                                        bool allow_private) {
  const auto target = infra::parse_webhook_target(url, allow_private);
  if (!target.error.empty())
    co_return target.error;
  if (allow_private)
    co_return std::nullopt;
  boost::asio::ip::tcp::resolver resolver(co_await boost::asio::this_coro::executor);
  auto [ec, results] = co_await infra::resolve_by_ref(resolver, target.host, target.port);
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
