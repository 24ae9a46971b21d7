#include "http/api/command_helpers.hpp"

#include "infra/log.hpp"

namespace sluice::http {

boost::asio::awaitable<void> settle(api_context& ctx) {
  auto [ec] = co_await ctx.freshness.async_catch_up(use_outcome);
  if (ec)
    infra::log_warn("http", "read models not caught up after a command: " + ec.message());
}

} // namespace sluice::http
