// Read-your-writes for the query API: a front end that has just had a command answered waits
// here until the read models include it, so the next query (or authentication) sees it.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <system_error>

namespace sluice::projections {

class freshness {
public:
  virtual ~freshness() = default;

  /// Completes once every projection has applied every event that was durable when it was
  /// called; errc::timeout if that takes longer than a few seconds, errc::unavailable if the
  /// projections have failed, errc::shutting_down if they are stopping. The handler runs on
  /// its associated executor.
  template <class Token>
  auto async_catch_up(Token&& token) {
    return boost::asio::async_initiate<Token, void(std::error_code)>(
      [this](auto handler) {
        start_catch_up(
          boost::asio::any_completion_handler<void(std::error_code)>(std::move(handler)));
      },
      token);
  }

protected:
  virtual void start_catch_up(boost::asio::any_completion_handler<void(std::error_code)>) = 0;
};

} // namespace sluice::projections
