// The shape of an authenticated reseller route (seed 001): an `rv_` key or the account's JWT,
// any account kind (the money balance is one per account), 60 requests in any 60 s per key.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "events/time.hpp"
#include "http/api/auth.hpp"

namespace sluice::http {

using reseller_handler = std::function<boost::asio::awaitable<response>(
  const request&, const path_params&, const principal&)>;

/// Who may call /v1/reseller/*, and how often.
const face_policy& reseller_face();

/// Authenticates and rate-limits (401/429 otherwise), then runs `h`.
handler reseller_route(api_context& ctx, reseller_handler h);

/// Seed 001's timestamps: "2026-05-25T12:00:00", UTC, whole seconds.
std::string reseller_time(events::timestamp ts);
/// The same from an RFC 3339 text as the read models store it.
std::string reseller_time(std::string_view rfc3339);

/// A resource id in a path: a positive decimal integer; nullopt otherwise (answer 404).
std::optional<std::uint64_t> resource_id(std::string_view text);

} // namespace sluice::http
