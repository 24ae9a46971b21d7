// async_resolve with host and port passed by reference: Asio's own overload hands a query of two
// strings to the use_awaitable initiation, which GCC 12 copies into its frame wrongly
// (asio#1007, docs/architecture.md). Both strings must live in the caller's frame meanwhile.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>

namespace sluice::infra {

inline constexpr auto resolve_token = boost::asio::as_tuple(boost::asio::use_awaitable);

/// co_await gives std::tuple<error_code, results_type>.
inline auto resolve_by_ref(boost::asio::ip::tcp::resolver& resolver, const std::string& host,
                           const std::string& port) {
  return boost::asio::async_initiate<decltype(resolve_token),
                                     void(boost::system::error_code,
                                          boost::asio::ip::tcp::resolver::results_type)>(
    [&resolver, &host, &port](auto handler) {
      resolver.async_resolve(host, port, std::move(handler));
    },
    resolve_token);
}

} // namespace sluice::infra
