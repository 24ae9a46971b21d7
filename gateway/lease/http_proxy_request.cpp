#include "gateway/lease/http_proxy_request.hpp"

#include <algorithm>
#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <set>

#include "infra/crypto.hpp"

namespace sluice::gateway {
namespace http = boost::beast::http;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// "host:port", "[v6]:port"; `default_port` when the port is left out (absolute-form only).
std::optional<target> parse_authority(std::string_view authority,
                                      std::optional<std::uint16_t> default_port) {
  if (authority.empty() || authority.find('@') != std::string_view::npos)
    return std::nullopt;
  std::string_view host;
  std::string_view port_text;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos)
      return std::nullopt;
    host = authority.substr(1, close - 1);
    const auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':')
        return std::nullopt;
      port_text = rest.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos)
      port_text = authority.substr(colon + 1);
  }
  std::uint16_t port = 0;
  if (port_text.empty()) {
    if (!default_port)
      return std::nullopt;
    port = *default_port;
  } else {
    const auto* end = port_text.data() + port_text.size();
    auto [p, ec] = std::from_chars(port_text.data(), end, port);
    if (ec != std::errc{} || p != end || port == 0)
      return std::nullopt;
  }
  if (host.empty())
    return std::nullopt;
  boost::system::error_code ec;
  const auto literal = boost::asio::ip::make_address(std::string(host), ec);
  if (!ec)
    return target{literal, port};
  return target{lower(host), port};
}

/// Basic credentials of Proxy-Authorization, if well formed.
bool read_credentials(std::string_view value, proxy_request& out) {
  constexpr std::string_view scheme = "basic ";
  if (value.size() <= scheme.size() || lower(value.substr(0, scheme.size())) != scheme)
    return false;
  auto encoded = value.substr(scheme.size());
  while (!encoded.empty() && encoded.front() == ' ')
    encoded.remove_prefix(1);
  auto decoded = infra::base64_decode(encoded);
  if (!decoded)
    return false;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos)
    return false;
  out.username = decoded->substr(0, colon);
  out.password = decoded->substr(colon + 1);
  return true;
}

/// The head the origin gets: origin-form target, end-to-end headers only, one exchange.
std::string forwarded_head(const http::request<http::empty_body>& head,
                           std::string_view origin_form, std::string_view authority) {
  std::set<std::string> hop_by_hop{"connection",
                                   "keep-alive",
                                   "proxy-authorization",
                                   "proxy-authenticate",
                                   "proxy-connection",
                                   "te",
                                   "trailer",
                                   "upgrade"};
  // Headers the client's Connection header names are hop-by-hop too (RFC 9110 §7.6.1).
  for (const auto& field : head) {
    if (lower(field.name_string()) != "connection")
      continue;
    std::string_view tokens = field.value();
    while (!tokens.empty()) {
      const auto comma = tokens.find(',');
      auto token = tokens.substr(0, comma);
      while (!token.empty() && (token.front() == ' ' || token.front() == '\t'))
        token.remove_prefix(1);
      while (!token.empty() && (token.back() == ' ' || token.back() == '\t'))
        token.remove_suffix(1);
      // The message's framing is never dropped, whatever Connection names.
      const auto name = lower(token);
      if (!name.empty() && name != "content-length" && name != "transfer-encoding")
        hop_by_hop.insert(name);
      tokens = comma == std::string_view::npos ? std::string_view{} : tokens.substr(comma + 1);
    }
  }
  std::string out;
  out += head.method_string();
  out += ' ';
  out += origin_form;
  // The client's version: a 1.0 client must not get a chunked answer it cannot read.
  out += head.version() == 10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n";
  // A new Host from the request-target, never the client's (RFC 9112 §3.2.2).
  out += "Host: ";
  out += authority;
  out += "\r\n";
  for (const auto& field : head) {
    const auto name = lower(field.name_string());
    if (hop_by_hop.contains(name) || name == "host")
      continue;
    out += field.name_string();
    out += ": ";
    out += field.value();
    out += "\r\n";
  }
  out += "Connection: close\r\n\r\n";
  return out;
}

} // namespace

std::optional<proxy_request> read_proxy_request(const http::request<http::empty_body>& head) {
  proxy_request out;
  if (auto auth = head.find(http::field::proxy_authorization); auth != head.end())
    out.authenticated = read_credentials(auth->value(), out);
  const std::string_view target_text = head.target();
  if (head.method() == http::verb::connect) {
    auto where = parse_authority(target_text, std::nullopt);
    if (!where)
      return std::nullopt;
    out.tunnel = true;
    out.where = std::move(*where);
    return out;
  }
  constexpr std::string_view scheme = "http://";
  if (target_text.size() <= scheme.size()
      || lower(target_text.substr(0, scheme.size())) != scheme) {
    return std::nullopt;
  }
  const auto rest = target_text.substr(scheme.size());
  const auto slash = rest.find_first_of("/?#");
  const auto authority = rest.substr(0, slash);
  auto where = parse_authority(authority, std::uint16_t{80});
  if (!where)
    return std::nullopt;
  std::string origin_form = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (origin_form.front() != '/')
    origin_form.insert(origin_form.begin(), '/');
  if (const auto hash = origin_form.find('#'); hash != std::string::npos)
    origin_form.resize(hash);
  out.where = std::move(*where);
  out.forwarded_head = forwarded_head(head, origin_form, authority);
  if (head.find(http::field::transfer_encoding) == head.end()) {
    const auto length = head.find(http::field::content_length);
    std::uint64_t bytes = 0;
    if (length != head.end()) {
      const std::string_view text = length->value();
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), bytes);
      if (ec != std::errc{} || p != text.data() + text.size())
        return std::nullopt;
    }
    out.upload_limit = bytes;
  }
  return out;
}

} // namespace sluice::gateway
