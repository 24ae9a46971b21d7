// HS256 JWTs: base64url without padding, HMAC-SHA256 over "header.payload".
#include "infra/jwt.hpp"

#include <boost/json.hpp>

#include "infra/crypto.hpp"

namespace sluice::infra {
namespace {

/// Tokens are short; anything longer is not one of ours.
constexpr std::size_t token_bytes_max = 4096;
/// How far ahead of our clock a token's "iat" may be: clock skew between the hosts of one
/// deployment, not a token minted for later (which would outlive its ttl).
constexpr std::int64_t issued_ahead_max_seconds = 60;

std::string base64url_encode(std::string_view bytes) {
  auto text = base64_encode(bytes);
  while (!text.empty() && text.back() == '=')
    text.pop_back();
  for (auto& c : text) {
    if (c == '+')
      c = '-';
    else if (c == '/')
      c = '_';
  }
  return text;
}

result<std::string> base64url_decode(std::string_view text) {
  std::string standard{text};
  for (auto& c : standard) {
    if (c == '-')
      c = '+';
    else if (c == '_')
      c = '/';
    else if (c == '+' || c == '/' || c == '=')
      return errc::invalid_argument; // Not base64url.
  }
  while (standard.size() % 4 != 0)
    standard.push_back('=');
  return base64_decode(standard);
}

std::string signature(std::string_view secret, std::string_view signed_part) {
  return base64url_encode(hmac_sha256(secret, signed_part));
}

result<boost::json::object> decode_part(std::string_view part) {
  auto bytes = base64url_decode(part);
  if (!bytes)
    return errc::unauthorized;
  boost::system::error_code ec;
  auto v = boost::json::parse(*bytes, ec);
  if (ec || !v.is_object())
    return errc::unauthorized;
  return std::move(v.as_object());
}

} // namespace

std::string jwt_sign_hs256(std::string_view secret, const jwt_claims& claims) {
  const auto header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
  const auto payload = base64url_encode(boost::json::serialize(boost::json::object{
    {"sub", claims.subject}, {"iat", claims.issued_at}, {"exp", claims.expires_at}}));
  auto signed_part = header + "." + payload;
  return signed_part + "." + signature(secret, signed_part);
}

result<jwt_claims> jwt_verify_hs256(std::string_view secret, std::string_view token,
                                    std::int64_t now_unix) {
  if (token.size() > token_bytes_max)
    return errc::unauthorized;
  const auto first = token.find('.');
  const auto second = token.find('.', first == std::string_view::npos ? 0 : first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos
      || token.find('.', second + 1) != std::string_view::npos) {
    return errc::unauthorized;
  }
  const auto signed_part = token.substr(0, second);
  // Signature first, in constant time: nothing of an unsigned token is interpreted.
  if (!constant_time_equal(signature(secret, signed_part), token.substr(second + 1)))
    return errc::unauthorized;
  auto header = decode_part(token.substr(0, first));
  auto payload = decode_part(token.substr(first + 1, second - first - 1));
  if (!header || !payload)
    return errc::unauthorized;
  const auto* alg = header->if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->as_string() != "HS256")
    return errc::unauthorized;
  const auto* sub = payload->if_contains("sub");
  const auto* iat = payload->if_contains("iat");
  const auto* exp = payload->if_contains("exp");
  if (sub == nullptr || !sub->is_string() || iat == nullptr || !iat->is_int64() || exp == nullptr
      || !exp->is_int64()) {
    return errc::unauthorized;
  }
  jwt_claims claims{std::string{sub->as_string()}, iat->as_int64(), exp->as_int64()};
  if (claims.subject.empty() || claims.expires_at <= now_unix
      || claims.issued_at > now_unix + issued_ahead_max_seconds) {
    return errc::unauthorized;
  }
  return claims;
}

} // namespace sluice::infra
