#include "gateway/lease/lease_tunnel.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/relay/relay_buffers.hpp"
#include "infra/log.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

} // namespace

lease_tunnel::lease_tunnel(std::shared_ptr<const gateway_context> ctx,
                           std::shared_ptr<lease_directory> leases, actors::lease_endpoint lease,
                           tcp::socket client, tcp::socket target,
                           std::vector<std::uint8_t> early_upload,
                           std::optional<std::uint64_t> upload_limit)
  : ctx_(std::move(ctx)),
    leases_(std::move(leases)),
    lease_(std::move(lease)),
    client_(std::move(client)),
    target_(std::move(target)),
    early_upload_(std::move(early_upload)),
    upload_left_(upload_limit) {
}

bool lease_tunnel::start() {
  auto closer = [weak = weak_from_this()] {
    if (auto tunnel = weak.lock())
      tunnel->close();
  };
  auto ticket = leases_->join(lease_, closer);
  if (!ticket) {
    boost::system::error_code ignored;
    client_.close(ignored);
    target_.close(ignored);
    return false;
  }
  lease_ticket_ = ticket->ticket;
  relayed_ = std::move(ticket->relayed);
  relay_ticket_ = ctx_->relays->join(closer);
  boost::system::error_code ignored;
  client_.non_blocking(true, ignored);
  target_.non_blocking(true, ignored);
  auto on_error = [](std::exception_ptr e) {
    if (e)
      infra::log_error("gateway", "lease tunnel task ended by an exception");
  };
  net::co_spawn(client_.get_executor(), pump(true), on_error);
  net::co_spawn(client_.get_executor(), pump(false), on_error);
  return true;
}

void lease_tunnel::close() {
  net::post(client_.get_executor(), [self = shared_from_this()] {
    self->closing_ = true;
    boost::system::error_code ignored;
    self->client_.close(ignored);
    self->target_.close(ignored);
  });
}

net::awaitable<bool> lease_tunnel::forward(tcp::socket& to, std::span<const std::uint8_t> bytes) {
  auto& counter = *relayed_;
  boost::system::error_code ec;
  auto written = to.write_some(net::buffer(bytes.data(), bytes.size()), ec);
  if (ec == net::error::would_block) {
    written = 0;
  } else if (ec) {
    co_return false;
  }
  counter += written;
  while (written < bytes.size()) {
    const auto rest = net::buffer(bytes.data() + written, bytes.size() - written);
    auto [wec, n] = co_await to.async_write_some(rest, use_tuple);
    counter += n;
    written += n;
    if (wec)
      co_return false;
  }
  co_return true;
}

net::awaitable<void> lease_tunnel::pump(bool up) {
  auto self = shared_from_this();
  auto& from = up ? client_ : target_;
  auto& to = up ? target_ : client_;
  bool failed = false;
  if (up && !early_upload_.empty()) {
    std::span<const std::uint8_t> early(early_upload_);
    if (upload_left_) {
      early = early.first(
        static_cast<std::size_t>(std::min<std::uint64_t>(early.size(), *upload_left_)));
      *upload_left_ -= early.size();
    }
    failed = !co_await forward(to, early);
    early_upload_ = {};
  }
  relay_buffer buffer;
  bool wants_large = false;
  bool readable = false;
  while (!failed && !closing_) {
    if (up && upload_left_ && *upload_left_ == 0)
      break; // All the client may send is sent: the rest of its connection is not relayed.
    if (!readable) {
      buffer = {}; // Nothing to move now: an idle direction holds no buffer.
      auto [wait_ec] = co_await from.async_wait(tcp::socket::wait_read, use_tuple);
      if (wait_ec || closing_)
        break;
    }
    if (!buffer)
      buffer = relay_buffer::acquire(wants_large);
    auto space = buffer.bytes();
    if (up && upload_left_)
      space = space.first(
        static_cast<std::size_t>(std::min<std::uint64_t>(space.size(), *upload_left_)));
    boost::system::error_code ec;
    const auto n = from.read_some(net::buffer(space.data(), space.size()), ec);
    readable = !ec;
    if (ec == net::error::would_block || ec == net::error::interrupted)
      continue;
    if (ec == net::error::eof) {
      boost::system::error_code ignored;
      to.shutdown(tcp::socket::shutdown_send, ignored); // Half-close: the other way goes on.
      break;
    }
    if (ec || !co_await forward(to, std::span<const std::uint8_t>(space.data(), n))) {
      failed = true;
      break;
    }
    if (up && upload_left_)
      *upload_left_ -= n;
    if (n == buffer.bytes().size() && !buffer.large()) {
      wants_large = true;
      buffer = relay_buffer::acquire(true);
    }
  }
  if (failed) {
    closing_ = true;
    boost::system::error_code ignored;
    client_.close(ignored);
    target_.close(ignored);
  }
  if (--pumps_running_ == 0)
    finish();
}

void lease_tunnel::finish() {
  boost::system::error_code ignored;
  client_.close(ignored);
  target_.close(ignored);
  leases_->leave(lease_.proxy_id, lease_ticket_);
  ctx_->relays->leave(relay_ticket_);
}

} // namespace sluice::gateway
