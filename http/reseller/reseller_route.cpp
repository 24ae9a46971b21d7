#include "http/reseller/reseller_route.hpp"

#include "http/api/query_params.hpp"

namespace sluice::http {

const face_policy& reseller_face() {
  static rate_limiter limiter{60, std::chrono::seconds{60}};
  static const face_policy face{
    .key_family = "rv_",
    .other_family_status = status_code::unauthorized,
    .other_family_detail = "Invalid API key: use an rv_ key",
    .account_kind = "",
    .account_kind_detail = "",
    .limiter = &limiter,
  };
  return face;
}

handler reseller_route(api_context& ctx, reseller_handler h) {
  return [&ctx, h = std::move(h)](const request& req,
                                  const path_params& params) -> boost::asio::awaitable<response> {
    auto who = co_await authenticate(ctx, req, reseller_face());
    if (auto* refused = std::get_if<response>(&who))
      co_return std::move(*refused);
    co_return co_await h(req, params, std::get<principal>(who));
  };
}

std::string reseller_time(events::timestamp ts) {
  return events::format_timestamp(ts).substr(0, 19);
}

std::string reseller_time(std::string_view rfc3339) {
  return std::string{rfc3339.substr(0, 19)};
}

std::optional<std::uint64_t> resource_id(std::string_view text) {
  auto id = parse_count(text);
  if (!id || *id == 0)
    return std::nullopt;
  return id;
}

} // namespace sluice::http
