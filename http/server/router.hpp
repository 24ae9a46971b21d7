// Maps (method, path pattern) to handlers. A pattern segment `{name}` matches any one non-empty
// segment and is passed to the handler; literal patterns win over parameterized ones. Unknown
// path: 404; known path, other method: 405.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "http/server/types.hpp"

namespace sluice::http {

class router {
public:
  void add(boost::beast::http::verb method, std::string pattern, handler h);
  /// A route whose answer may stream its body (CSV exports).
  void add_streaming(boost::beast::http::verb method, std::string pattern, streaming_handler h);
  boost::asio::awaitable<streamed_reply> dispatch(const request& req) const;

private:
  struct route {
    std::vector<std::string> segments; ///< "{}" for a parameter.
    std::map<boost::beast::http::verb, std::variant<handler, streaming_handler>> by_method;
  };
  /// The route whose pattern matches `path` (literal routes first), with its parameters.
  const route* match(std::string_view path, path_params& params) const;
  route& route_for(const std::string& pattern);

  std::vector<route> routes_;
};

} // namespace sluice::http
