// Route lookup; the query string is not part of the path.
#include "http/server/router.hpp"

#include "http/errors.hpp"

namespace sluice::http {

void router::add(boost::beast::http::verb method, std::string path, handler h) {
  routes_[std::move(path)][method] = std::move(h);
}

boost::asio::awaitable<response> router::dispatch(const request& req) const {
  const std::string_view target{req.target().data(), req.target().size()};
  const auto path = target.substr(0, target.find('?'));
  const auto by_path = routes_.find(std::string{path});
  if (by_path == routes_.end()) {
    co_return error_response(req, status_code::not_found, "Not Found");
  }
  auto by_method = by_path->second.find(req.method());
  if (by_method == by_path->second.end() && req.method() == boost::beast::http::verb::head) {
    by_method = by_path->second.find(boost::beast::http::verb::get);
  }
  if (by_method == by_path->second.end()) {
    co_return error_response(req, status_code::method_not_allowed, "Method Not Allowed");
  }
  co_return co_await by_method->second(req);
}

} // namespace sluice::http
