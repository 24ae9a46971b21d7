#include "http/b2b/b2b_route.hpp"

namespace sluice::http {

const face_policy& b2b_face() {
  static const face_policy face{
    .key_family = "sk_live_",
    .other_family_status = status_code::forbidden,
    .other_family_detail = "This credential belongs to another API; use an sk_live_ key or a "
                           "token from /v1/b2b/login",
    .account_kind = "b2b",
    .account_kind_detail = "This account is not a business (b2b) account",
    .limiter = nullptr,
  };
  return face;
}

handler b2b_route(api_context& ctx, b2b_handler h) {
  return [&ctx, h = std::move(h)](const request& req,
                                  const path_params& params) -> boost::asio::awaitable<response> {
    auto who = co_await authenticate(ctx, req, b2b_face());
    if (auto* refused = std::get_if<response>(&who))
      co_return std::move(*refused);
    co_return co_await h(req, params, std::get<principal>(who));
  };
}

} // namespace sluice::http
