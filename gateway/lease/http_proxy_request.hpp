// What an HTTP proxy request head asks for, read from Beast's parsed head: the target, the
// Basic proxy credentials, and (absolute-form) the head to send the origin. Pure: no I/O, so the
// rules of RFC 9110/9112 it applies are unit-tested on their own.
#pragma once

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <optional>
#include <string>

#include "gateway/tunnel/target.hpp"

namespace sluice::gateway {

struct proxy_request {
  bool tunnel = false;        ///< CONNECT: relay bytes after a 200.
  target where;               ///< The origin (or the CONNECT authority).
  bool authenticated = false; ///< A well-formed Basic Proxy-Authorization was there.
  std::string username;
  std::string password;
  std::string forwarded_head; ///< Absolute-form: the origin-form head for the origin.
  /// Absolute-form: the body bytes the client may send after the head (Content-Length, 0 when
  /// there is none); nothing: chunked, relayed until either side ends. Nothing more of the
  /// client's connection is relayed, so a request it sends next on the same connection (for
  /// another origin, with its Proxy-Authorization) never reaches this origin.
  std::optional<std::uint64_t> upload_limit;
};

/// Nothing for a request no proxy can serve: a CONNECT target that is not host:port, a target
/// that is neither absolute-form http:// nor CONNECT, a bad port. Missing or malformed
/// credentials are not an error here (the caller answers 407).
std::optional<proxy_request>
read_proxy_request(const boost::beast::http::request<boost::beast::http::empty_body>& head);

} // namespace sluice::gateway
