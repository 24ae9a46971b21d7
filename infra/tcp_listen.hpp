// Opening a listening TCP socket from a configured endpoint, for every front end (http.listen,
// socks.listen): an IP literal or a name resolved once at start-up, SO_REUSEADDR, bind, listen.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <string>
#include <string_view>

#include "events/base/result.hpp"
#include "infra/config.hpp"

namespace sluice::infra {

/// Port 0 picks a free port. Returns the bound address; on failure errc::config_invalid (the
/// name does not resolve) or errc::io_error, with `error_text` naming `key` ("socks.listen").
result<boost::asio::ip::tcp::endpoint> listen_on(boost::asio::ip::tcp::acceptor& acceptor,
                                                 const endpoint& where, std::string_view key,
                                                 std::string& error_text);

} // namespace sluice::infra
