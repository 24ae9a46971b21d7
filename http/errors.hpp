// The single table from errc to HTTP status and JSON body (house style §4.5). Bodies follow the
// seeds' shape: {"detail": "..."}.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>
#include <system_error>

#include "http/server/types.hpp"

namespace sluice::http {

/// A JSON response with `body` (already serialized).
response json_response(const request& req, status_code status, std::string body);

/// A JSON response with `body` written by to_json_text.
response json_response(const request& req, status_code status, const boost::json::value& body);

/// {"detail": detail} with `status`.
response error_response(const request& req, status_code status, std::string_view detail);

/// The status and message for an operating error from the actors or projections.
response error_response(const request& req, std::error_code ec);

} // namespace sluice::http
