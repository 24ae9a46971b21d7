// Route lookup; the query string is not part of the path.
#include "http/server/router.hpp"

#include <algorithm>

#include "http/errors.hpp"

namespace sluice::http {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= path.size()) {
    const auto slash = path.find('/', at);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    out.emplace_back(path.substr(at, end - at));
    if (slash == std::string_view::npos)
      break;
    at = slash + 1;
  }
  return out;
}

bool is_param(const std::string& segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

/// application/json or application/<anything>+json, any parameters (charset) after a ';'.
bool is_json_media_type(std::string_view content_type) {
  auto type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t'))
    type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t'))
    type.remove_prefix(1);
  std::string lower(type);
  for (auto& c : lower)
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return lower == "application/json"
         || (lower.starts_with("application/") && lower.ends_with("+json"));
}

} // namespace

router::route& router::route_for(const std::string& pattern) {
  auto segments = split_path(pattern);
  for (auto& s : segments) {
    if (is_param(s))
      s = "{}";
  }
  auto same = std::find_if(routes_.begin(), routes_.end(),
                           [&](const route& r) { return r.segments == segments; });
  if (same == routes_.end()) {
    routes_.push_back({std::move(segments), {}});
    same = std::prev(routes_.end());
  }
  return *same;
}

void router::add(boost::beast::http::verb method, std::string pattern, handler h) {
  route_for(pattern).by_method[method] = std::move(h);
}

void router::add_streaming(boost::beast::http::verb method, std::string pattern,
                           streaming_handler h) {
  route_for(pattern).by_method[method] = std::move(h);
}

const router::route* router::match(std::string_view path, path_params& params) const {
  const auto parts = split_path(path);
  const route* best = nullptr;
  std::size_t best_params = 0;
  for (const auto& r : routes_) {
    if (r.segments.size() != parts.size())
      continue;
    path_params found;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      if (r.segments[i] == "{}") {
        ok = !parts[i].empty();
        found.push_back(parts[i]);
      } else {
        ok = r.segments[i] == parts[i];
      }
    }
    if (ok && (best == nullptr || found.size() < best_params)) {
      best = &r;
      best_params = found.size();
      params = std::move(found);
    }
  }
  return best;
}

boost::asio::awaitable<streamed_reply> router::dispatch(const request& req) const {
  const std::string_view target{req.target().data(), req.target().size()};
  const auto path = target.substr(0, target.find('?'));
  path_params params;
  const auto* r = match(path, params);
  if (r == nullptr) {
    co_return streamed_reply{error_response(req, status_code::not_found, "Not Found"), {}};
  }
  auto by_method = r->by_method.find(req.method());
  if (by_method == r->by_method.end() && req.method() == boost::beast::http::verb::head) {
    by_method = r->by_method.find(boost::beast::http::verb::get);
  }
  if (by_method == r->by_method.end()) {
    co_return streamed_reply{
      error_response(req, status_code::method_not_allowed, "Method Not Allowed"), {}};
  }
  // Every body this server reads is JSON: a form, multipart or text body is refused before any
  // handler guesses at it.
  if (!req.body().empty()) {
    const auto content_type = req[boost::beast::http::field::content_type];
    if (!is_json_media_type({content_type.data(), content_type.size()})) {
      co_return streamed_reply{error_response(req, status_code::unsupported_media_type,
                                              "Content-Type: must be application/json"),
                               {}};
    }
  }
  if (const auto* plain = std::get_if<handler>(&by_method->second)) {
    auto whole = co_await (*plain)(req, params);
    co_return streamed_reply{std::move(whole), {}};
  }
  co_return co_await std::get<streaming_handler>(by_method->second)(req, params);
}

} // namespace sluice::http
