// Signup, login, the account snapshot, countries and the SOCKS5 credential (seed 000 §02, §08).
#include <algorithm>
#include <boost/beast/http/field.hpp>

#include "events/base/errc.hpp"
#include "http/api/body_reader.hpp"
#include "http/api/command_helpers.hpp"
#include "http/api/views.hpp"
#include "http/b2b/b2b_route.hpp"
#include "http/b2b/b2b_routes.hpp"
#include "http/errors.hpp"
#include "http/status/status_routes.hpp"
#include "infra/crypto.hpp"
#include "infra/email_address.hpp"
#include "infra/jwt.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;

constexpr std::size_t password_chars_min = 10;
constexpr std::size_t password_bytes_max = 4096;
constexpr std::string_view login_failed = "Invalid email or password";

/// 503 with Retry-After when too much password hashing is queued already.
response busy(const request& req) {
  auto res = error_response(req, status_code::service_unavailable,
                            "Too many sign-ins in progress; retry in a moment");
  res.set(boost::beast::http::field::retry_after, "1");
  return res;
}

awaitable_response signup(api_context& ctx, const request& req) {
  body_reader body(req);
  auto email_text = body.required_string("email", infra::email_bytes_max);
  auto password = body.required_string("password", password_bytes_max);
  auto company = body.optional_string("company", 200);
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  auto email = infra::normalize_email(email_text);
  if (!email)
    co_return error_response(req, status_code::bad_request, "email: must be an email address");
  // Characters, not bytes: UTF-8 continuation bytes (10xxxxxx) do not start one.
  const auto characters = std::count_if(password.begin(), password.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  });
  if (static_cast<std::size_t>(characters) < password_chars_min) {
    co_return error_response(req, status_code::bad_request,
                             "password: must be at least 10 characters");
  }
  const auto slot = ctx.hashing.take();
  if (!slot)
    co_return busy(req);
  const auto hashing = [&password] { return infra::argon2id_hash(password); };
  auto hash = co_await off_thread(ctx, hashing);
  if (!hash)
    co_return error_response(req, hash.error());
  const actors::create_account cmd{*email, *hash, "b2b", std::move(company)};
  auto [ec, account] = co_await ctx.commands.async_create_account(cmd, use_outcome);
  if (ec == errc::already_exists) {
    co_return error_response(req, status_code::conflict,
                             "An account with this email already exists");
  }
  if (ec)
    co_return error_response(req, ec);
  co_await settle(ctx);
  co_return json_response(
    req, status_code::created,
    boost::json::object{{"customer_id", account.account_id}, {"email", *email}, {"kind", "b2b"}});
}

/// Ends a counted login attempt however the coroutine leaves: failed, succeeded, or abandoned
/// (an error before a verdict).
class login_attempt {
public:
  login_attempt(api_context& ctx, std::string email) : ctx_(ctx), email_(std::move(email)) {
  }
  login_attempt(const login_attempt&) = delete;
  login_attempt& operator=(const login_attempt&) = delete;
  ~login_attempt() {
    if (!finished_)
      ctx_.logins.finish_abandoned(email_);
  }
  void failed() {
    finished_ = true;
    ctx_.logins.finish_failed(email_, ctx_.clock.steady_now());
  }
  void succeeded() {
    finished_ = true;
    ctx_.logins.finish_succeeded(email_);
  }

private:
  api_context& ctx_;
  std::string email_;
  bool finished_ = false;
};

awaitable_response login(api_context& ctx, const request& req,
                         std::shared_ptr<const std::string> decoy_hash) {
  body_reader body(req);
  auto email_text = body.required_string("email", infra::email_bytes_max);
  auto password = body.required_string("password", password_bytes_max);
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  auto normalized = infra::normalize_email(email_text);
  const auto email = normalized ? *normalized : email_text;
  const auto wait = ctx.logins.begin_attempt(email, ctx.clock.steady_now());
  if (wait.count() > 0) {
    auto res = error_response(req, status_code::too_many_requests,
                              "Too many failed login attempts; try again later");
    res.set(boost::beast::http::field::retry_after, std::to_string(wait.count()));
    co_return res;
  }
  login_attempt attempt{ctx, email};
  std::string hash = *decoy_hash; // Unknown emails cost the same time as wrong passwords.
  std::string account_id;
  auto found = ctx.queries.account_by_email(email);
  if (!found)
    co_return error_response(req, found.error());
  if (*found) {
    auto [ec, account] = co_await ctx.commands.async_get_account(**found, use_outcome);
    if (ec && ec != errc::not_found)
      co_return error_response(req, ec);
    if (!ec && account.kind == "b2b") {
      hash = account.password_hash;
      account_id = account.account_id;
    }
  }
  const auto slot = ctx.hashing.take();
  if (!slot)
    co_return busy(req); // Abandoned, not failed: the brake does not count it.
  const auto verifying = [&hash, &password] { return infra::argon2id_verify(hash, password); };
  const bool verified = co_await off_thread(ctx, verifying);
  if (!verified || account_id.empty()) {
    attempt.failed();
    co_return error_response(req, status_code::unauthorized, login_failed);
  }
  attempt.succeeded();
  const auto now
    = std::chrono::duration_cast<std::chrono::seconds>(ctx.clock.now().time_since_epoch()).count();
  const auto ttl
    = std::chrono::duration_cast<std::chrono::seconds>(ctx.config.auth.jwt_ttl).count();
  const auto token = infra::jwt_sign_hs256(ctx.jwt_secret, {account_id, now, now + ttl});
  co_return json_response(
    req, status_code::ok,
    boost::json::object{{"token", token}, {"token_type", "Bearer"}, {"expires_in", ttl}});
}

awaitable_response me(api_context& ctx, const request& req, const principal& who) {
  const auto& a = who.account;
  co_return json_response(
    req, status_code::ok,
    boost::json::object{{"customer_id", a.account_id},
                        {"email", a.email},
                        {"kind", a.kind},
                        {"balance_bytes", a.traffic_bytes},
                        {"balance_gb", gb_rounded(a.traffic_bytes)},
                        {"needs_topup", a.traffic_bytes == 0},
                        {"currency", ctx.config.currency},
                        {"created_at", events::format_timestamp(a.created_at)}});
}

awaitable_response tunnel_credential(api_context& ctx, const request& req, const principal& who) {
  auto [ec, key] = co_await ctx.commands.async_primary_key(who.account.account_id, use_outcome);
  if (ec)
    co_return error_response(req, ec);
  co_await settle(ctx); // A key minted just now authenticates from the next request on.
  const auto& socks = ctx.config.socks;
  const auto host = socks.public_host.empty() ? socks.listen.host : socks.public_host;
  const auto url_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  const auto username = socks.username_prefix + "-" + who.account.account_id
                        + "-session-{session}-country-{cc}";
  co_return json_response(
    req, status_code::ok,
    boost::json::object{{"host", host},
                        {"port", socks.listen.port},
                        {"username", username},
                        {"password", key.secret},
                        {"url", "socks5h://" + username + ":" + key.secret + "@" + url_host + ":"
                                  + std::to_string(socks.listen.port)}});
}

} // namespace

void add_account_routes(router& routes, api_context& ctx) {
  auto decoy = infra::argon2id_hash("sluice decoy password, never anyone's");
  auto decoy_hash = std::make_shared<const std::string>(decoy ? *decoy : std::string{});
  routes.add(verb::post, "/v1/b2b/signup",
             [&ctx](const request& req, const path_params&) { return signup(ctx, req); });
  routes.add(verb::post, "/v1/b2b/login",
             [&ctx, decoy_hash](const request& req, const path_params&) {
               return login(ctx, req, decoy_hash);
             });
  routes.add(verb::get, "/v1/b2b/me",
             b2b_route(ctx, [&ctx](const request& req, const path_params&, const principal& who) {
               return me(ctx, req, who);
             }));
  routes.add(
    verb::get, "/v1/b2b/countries",
    b2b_route(
      ctx,
      [&ctx](const request& req, const path_params&, const principal& who) -> awaitable_response {
        auto countries = country_list(ctx.config, ctx.queries, who.account.blacklisted_nodes);
        co_return json_response(req, status_code::ok,
                                boost::json::object{{"countries", std::move(countries)}});
      }));
  routes.add(verb::get, "/v1/b2b/tunnel-credential",
             b2b_route(ctx, [&ctx](const request& req, const path_params&, const principal& who) {
               return tunnel_credential(ctx, req, who);
             }));
}

} // namespace sluice::http
