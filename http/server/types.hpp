// Request and response types of the REST faces, and the handler signature every route has.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <string>
#include <vector>

namespace sluice::http {

using request = boost::beast::http::request<boost::beast::http::string_body>;
using response = boost::beast::http::response<boost::beast::http::string_body>;
using status_code = boost::beast::http::status;

/// The values of a route's `{name}` segments, in the order they appear in its pattern.
using path_params = std::vector<std::string>;

/// A route: the request in, the response out. Runs on the connection's strand.
using handler = std::function<boost::asio::awaitable<response>(const request&, const path_params&)>;

} // namespace sluice::http
