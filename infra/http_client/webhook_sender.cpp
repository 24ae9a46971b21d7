// The webhook sender on Beast and OpenSSL: one thread, one coroutine per request. Each request
// has one deadline (`webhooks.timeout`) for resolving, connecting, the TLS handshake, writing
// and reading the answer's header.
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <thread>

#include "infra/address_policy.hpp"
#include "infra/log.hpp"
#include "infra/webhook_sender.hpp"
#include "infra/webhook_target.hpp"

namespace sluice::infra {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
constexpr std::uint64_t response_body_max = 64 * 1024;
constexpr std::string_view user_agent = "sluice-webhooks/1";
constexpr std::size_t lookup_threads = 4;

struct pending {
  webhook_request request;
  std::function<void(webhook_response)> done;
};

std::string describe(const boost::system::error_code& ec) {
  if (ec == beast::error::timeout || ec == asio::error::operation_aborted)
    return "timeout";
  return ec.message();
}

/// Writes the request and reads the answer's header (and at most 64 KiB of its body, which is
/// then dropped) over a connected stream, plain or TLS.
template <class Stream>
asio::awaitable<void> exchange(Stream& stream, const webhook_target& target,
                               const webhook_request& request, const clock& clock,
                               steady::time_point started, webhook_response& out) {
  http::request<http::string_body> req{http::verb::post, target.path, 11};
  req.set(http::field::host, target.host_header);
  req.set(http::field::user_agent, user_agent);
  req.set(http::field::content_type, "application/json");
  req.set(http::field::connection, "close");
  for (const auto& [name, value] : request.headers)
    req.set(name, value);
  req.body() = request.body;
  req.prepare_payload();
  auto [wec, written] = co_await http::async_write(stream, req, tuple_awaitable);
  if (wec) {
    out.error = "sending the request: " + describe(wec);
    co_return;
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(response_body_max);
  auto [hec, header_bytes] = co_await http::async_read_header(stream, buffer, parser,
                                                              tuple_awaitable);
  if (hec) {
    out.error = "reading the answer: " + describe(hec);
    co_return;
  }
  out.duration = std::chrono::duration_cast<milliseconds>(clock.steady_now() - started);
  const auto& res = parser.get();
  out.status = res.result_int();
  if (auto it = res.find(http::field::retry_after); it != res.end())
    out.retry_after = parse_retry_after(it->value(), clock.now());
  // The body is read (bounded) only so the receiver sees its answer consumed; it is not kept.
  (void) co_await http::async_read(stream, buffer, parser, tuple_awaitable);
}

/// Tries the vetted addresses in order. One endpoint at a time: an endpoint is plain data, while
/// a vector handed to a use_awaitable initiation is copied into its frame, which GCC 12
/// miscompiles (docs/architecture.md).
asio::awaitable<boost::system::error_code>
connect_any(beast::tcp_stream& stream, const std::vector<tcp::endpoint>& endpoints) {
  boost::system::error_code last = asio::error::host_not_found;
  for (const auto& endpoint : endpoints) {
    auto [ec] = co_await stream.async_connect(endpoint, tuple_awaitable);
    if (!ec)
      co_return ec;
    last = ec;
    if (ec == beast::error::timeout)
      break;
    stream.socket().close(ec);
  }
  co_return last;
}

/// One name lookup, finished on the sender's thread, unless the caller stopped waiting first.
struct lookup {
  asio::steady_timer* wake = nullptr; ///< The waiting coroutine's timer; cancelled to wake it.
  bool abandoned = false;             ///< The caller's deadline passed: drop the answer.
  bool done = false;
  boost::system::error_code ec;
  tcp::resolver::results_type results;
};

class asio_webhook_sender final : public webhook_sender {
public:
  asio_webhook_sender(webhooks_config config, const clock& clock)
    : config_(std::move(config)),
      clock_(clock),
      tls_(asio::ssl::context::tls_client),
      work_(asio::make_work_guard(io_)) {
    tls_.set_default_verify_paths();
    tls_.set_verify_mode(asio::ssl::verify_peer);
    thread_ = std::thread([this] { io_.run(); });
  }

  ~asio_webhook_sender() override {
    stop();
  }

  void send(webhook_request request, std::function<void(webhook_response)> done) override {
    auto job = std::make_shared<pending>(pending{std::move(request), std::move(done)});
    asio::co_spawn(io_, run(job), [job](std::exception_ptr e) {
      if (!e)
        return;
      infra::log_error("webhooks", "sending to " + job->request.url + " threw");
      webhook_response failed;
      failed.error = "internal error while sending";
      job->done(std::move(failed));
    });
  }

  void stop() override {
    if (stopped_.exchange(true))
      return;
    work_.reset();
    io_.stop();
    if (thread_.joinable())
      thread_.join();
    lookups_.stop();
    lookups_.join(); // A lookup in getaddrinfo finishes first (the resolver's own timeouts).
  }

private:
  asio::awaitable<void> run(std::shared_ptr<pending> job) {
    const auto started = clock_.steady_now();
    webhook_response out;
    co_await attempt(*job, started, out);
    if (out.duration == milliseconds{})
      out.duration = std::chrono::duration_cast<milliseconds>(clock_.steady_now() - started);
    job->done(std::move(out));
  }

  asio::awaitable<void> attempt(const pending& job, steady::time_point started,
                                webhook_response& out) {
    auto target = parse_webhook_target(job.request.url, config_.allow_private_targets);
    if (!target.error.empty()) {
      out.error = target.error;
      co_return;
    }
    const auto deadline = started + config_.timeout;
    auto endpoints = co_await resolve(target, deadline, out);
    if (endpoints.empty())
      co_return;
    if (!target.tls) {
      beast::tcp_stream stream(io_);
      stream.expires_at(deadline);
      const auto cec = co_await connect_any(stream, endpoints);
      if (cec) {
        out.error = "connecting: " + describe(cec);
        co_return;
      }
      co_await exchange(stream, target, job.request, clock_, started, out);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> stream(io_, tls_);
    beast::get_lowest_layer(stream).expires_at(deadline);
    const auto cec = co_await connect_any(beast::get_lowest_layer(stream), endpoints);
    if (cec) {
      out.error = "connecting: " + describe(cec);
      co_return;
    }
    if (target.host_is_name
        && SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str()) != 1) {
      out.error = "TLS: cannot set the server name";
      co_return;
    }
    stream.set_verify_callback(asio::ssl::host_name_verification(target.host));
    auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client, tuple_awaitable);
    if (hec) {
      out.error = "TLS handshake: " + describe(hec);
      co_return;
    }
    co_await exchange(stream, target, job.request, clock_, started, out);
  }

  /// The vetted addresses of the target, resolved once; empty with `out.error` set if the name
  /// does not resolve in time or any of its addresses is not public (unless allowed). Lookups
  /// run on a pool of their own (getaddrinfo cannot be cancelled, and Asio's resolver runs one
  /// at a time), so a receiver whose DNS hangs delays neither the deadline nor other receivers.
  asio::awaitable<std::vector<tcp::endpoint>>
  resolve(const webhook_target& target, steady::time_point deadline, webhook_response& out) {
    asio::steady_timer wake(io_, deadline);
    auto pending = std::make_shared<lookup>();
    pending->wake = &wake;
    asio::post(lookups_, [this, pending, host = target.host, port = target.port] {
      boost::system::error_code ec;
      tcp::resolver resolver(io_);
      auto results = resolver.resolve(host, port, ec);
      asio::post(io_, [pending, ec, results = std::move(results)] {
        if (pending->abandoned)
          return;
        pending->ec = ec;
        pending->results = results;
        pending->done = true;
        pending->wake->cancel();
      });
    });
    (void) co_await wake.async_wait(tuple_awaitable);
    pending->abandoned = true;
    const auto ec = pending->done ? pending->ec : asio::error::timed_out;
    const auto& results = pending->results;
    std::vector<tcp::endpoint> vetted;
    if (ec == asio::error::timed_out) {
      out.error = "resolving " + target.host + ": timeout";
      co_return vetted;
    }
    if (ec || results.empty()) {
      out.error = "resolving " + target.host + ": " + (ec ? describe(ec) : "no address");
      co_return vetted;
    }
    for (const auto& entry : results) {
      const auto address = entry.endpoint().address();
      if (!config_.allow_private_targets && !is_public_address(address)) {
        out.error = "refused: " + target.host + " resolves to " + address.to_string()
                    + ", which is not a public address";
        vetted.clear();
        co_return vetted;
      }
      vetted.push_back(entry.endpoint());
    }
    co_return vetted;
  }

  webhooks_config config_;
  const clock& clock_;
  asio::io_context io_{1};
  asio::ssl::context tls_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
  asio::thread_pool lookups_{lookup_threads};
  std::atomic<bool> stopped_{false};
};

} // namespace

std::unique_ptr<webhook_sender> webhook_sender::start(const webhooks_config& config,
                                                      const clock& clock) {
  return std::make_unique<asio_webhook_sender>(config, clock);
}

} // namespace sluice::infra
