// The shape of an authenticated b2b route: the b2b face's policy (seed 000 §02: the account's
// JWT or an `sk_live_` key, b2b accounts only) and the wrapper that applies it.
#pragma once

#include <functional>

#include "http/api/auth.hpp"

namespace sluice::http {

using b2b_handler = std::function<boost::asio::awaitable<response>(
  const request&, const path_params&, const principal&)>;

/// Who may call /v1/b2b/*.
const face_policy& b2b_face();

/// Authenticates (401/403 otherwise), then runs `h`.
handler b2b_route(api_context& ctx, b2b_handler h);

} // namespace sluice::http
