#include "gateway/credentials/routing_credentials.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/credentials/routing_username.hpp"

namespace sluice::gateway {
namespace net = boost::asio;

net::awaitable<std::optional<actors::open_tunnel>>
routing_credentials::resolve(const client_credentials& presented) const {
  auto routing = parse_routing_username(ctx_.socks.username_prefix, presented.username);
  if (!routing || !ctx_.countries.contains(routing->country)
      || (!routing->service.empty() && !ctx_.allowed.knows_service(routing->service)))
    co_return std::nullopt;
  const actors::key_credentials key{routing->account, presented.password};
  auto [ec, view] = co_await ctx_.port.async_authenticate_key(key,
                                                              net::as_tuple(net::use_awaitable));
  if (ec || view.family != "sk_live_")
    co_return std::nullopt;
  co_return actors::open_tunnel{routing->account, view.key_id,      routing->session,
                                routing->country, routing->service, {}};
}

} // namespace sluice::gateway
