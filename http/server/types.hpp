// Request and response types of the REST faces, and the handler signatures of routes.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "events/base/result.hpp"

namespace sluice::http {

using request = boost::beast::http::request<boost::beast::http::string_body>;
using response = boost::beast::http::response<boost::beast::http::string_body>;
using status_code = boost::beast::http::status;

/// The values of a route's `{name}` segments, in the order they appear in its pattern.
using path_params = std::vector<std::string>;

/// A route: the request in, the response out. Runs on the connection's strand.
using handler = std::function<boost::asio::awaitable<response>(const request&, const path_params&)>;

/// A body made piece by piece, for exports of any size: each call gives the next piece, nothing
/// at the end, or an error (the connection is then closed without the final chunk, so a client
/// can tell a cut export from a complete one). Called on the connection's strand.
using body_source = std::function<result<std::optional<std::string>>()>;

/// What the router answers: a whole response, or a head whose body `body` streams (chunked).
struct streamed_reply {
  response head;
  body_source body; ///< Empty: `head` is the whole response.
};

using streaming_handler
  = std::function<boost::asio::awaitable<streamed_reply>(const request&, const path_params&)>;

} // namespace sluice::http
