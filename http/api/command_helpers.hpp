// What every REST face does around a command: awaiting the facade without exceptions, waiting
// until the read models include the command (read-your-writes), and running CPU-heavy work
// (Argon2id) off the I/O thread.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/api/api_context.hpp"

namespace sluice::http {

/// `co_await port.async_x(..., use_outcome)` gives (error_code, value) instead of throwing.
inline constexpr auto use_outcome = boost::asio::as_tuple(boost::asio::use_awaitable);

/// Waits until the read models include every command answered so far, so the caller's next
/// query sees its own write. A command is durable once answered: a slow read model only delays.
boost::asio::awaitable<void> settle(api_context& ctx);

/// Runs `work` on the blocking pool and resumes the caller on its own executor. `work` must be
/// a named local of the calling coroutine (it is used by reference, and its frame outlives the
/// wait); owning objects are kept out of the initiation arguments, which GCC 12 mishandles.
template <class F>
auto off_thread(api_context& ctx, const F& work) {
  using value = decltype(work());
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(value)>(
    [&pool = ctx.blocking, &work](auto completion) {
      boost::asio::post(pool, [completion = std::move(completion), &work]() mutable {
        auto home = boost::asio::get_associated_executor(completion);
        boost::asio::post(home, [completion = std::move(completion), r = work()]() mutable {
          std::move(completion)(std::move(r));
        });
      });
    },
    boost::asio::use_awaitable);
}

} // namespace sluice::http
