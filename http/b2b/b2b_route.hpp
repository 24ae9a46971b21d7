// The shape of an authenticated b2b route, and read-your-writes after a command.
#pragma once

#include <functional>

#include "http/api/auth.hpp"

namespace sluice::http {

using b2b_handler = std::function<boost::asio::awaitable<response>(
  const request&, const path_params&, const principal&)>;

/// Authenticates (401/403 otherwise), then runs `h`.
handler b2b_route(api_context& ctx, b2b_handler h);

/// Waits until the read models include every command answered so far, so the caller's next
/// query sees its own write. A command is durable once answered: a slow read model only delays.
boost::asio::awaitable<void> settle(api_context& ctx);

} // namespace sluice::http
