// Authentication wrapper and the freshness wait.
#include "http/b2b/b2b_route.hpp"

#include "infra/log.hpp"

namespace sluice::http {

handler b2b_route(api_context& ctx, b2b_handler h) {
  return [&ctx, h = std::move(h)](const request& req,
                                  const path_params& params) -> boost::asio::awaitable<response> {
    auto who = co_await authenticate_b2b(ctx, req);
    if (auto* refused = std::get_if<response>(&who))
      co_return std::move(*refused);
    co_return co_await h(req, params, std::get<principal>(who));
  };
}

boost::asio::awaitable<void> settle(api_context& ctx) {
  auto [ec] = co_await ctx.freshness.async_catch_up(use_outcome);
  if (ec)
    infra::log_warn("http", "read models not caught up after a command: " + ec.message());
}

} // namespace sluice::http
