// One HTTP connection: read a request, dispatch, write the response, until the peer closes,
// asks to close, or a deadline passes.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "http/server/router.hpp"
#include "infra/connection_admission.hpp"

namespace sluice::http {

struct connection_options {
  /// From the connection being ready for a request to its last header line (slow-loris bound).
  std::chrono::milliseconds header_timeout{10'000};
  /// Whether a request carries the operator's credentials: the only ones a connection admitted
  /// into the operator reserve serves.
  std::function<bool(const request&)> is_operator;
};

/// Serves requests on `socket` until the peer closes or a deadline passes; `place` is its
/// admission, marked waiting while a request's headers are awaited, and given back when the
/// connection ends (before its socket closes).
boost::asio::awaitable<void>
serve_connection(boost::asio::ip::tcp::socket socket, std::shared_ptr<const router> routes,
                 std::unique_ptr<infra::connection_admission::place> place,
                 std::shared_ptr<const connection_options> options);

} // namespace sluice::http
