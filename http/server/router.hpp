// Maps (method, path) to handlers. Paths are exact for now; patterns with {id} segments come
// with the first route that needs them. Unknown path: 404; known path, other method: 405.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "http/server/types.hpp"

namespace sluice::http {

class router {
public:
  void add(boost::beast::http::verb method, std::string path, handler h);
  boost::asio::awaitable<response> dispatch(const request& req) const;

private:
  std::map<std::string, std::map<boost::beast::http::verb, handler>> routes_;
};

} // namespace sluice::http
