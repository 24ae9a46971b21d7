// One HTTP connection: read a request, dispatch, write the response, until the peer closes,
// asks to close, or a deadline passes.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "http/server/router.hpp"

namespace sluice::http {

boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket,
                                              std::shared_ptr<const router> routes);

} // namespace sluice::http
