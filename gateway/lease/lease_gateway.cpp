#include "gateway/lease/lease_gateway.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <future>

#include "gateway/lease/lease_client.hpp"
#include "infra/log.hpp"

namespace sluice::gateway {
namespace net = boost::asio;

lease_gateway::lease_gateway(worker_pool& workers, std::shared_ptr<const gateway_context> ctx,
                             std::string listen_host)
  : workers_(workers),
    ctx_(std::move(ctx)),
    listen_host_(std::move(listen_host)),
    handshakes_(infra::connection_admission::create(
      {.total_max = ctx_->socks.max_handshakes,
       .per_address_max = ctx_->socks.max_handshakes_per_address,
       .reserve = 0})),
    strand_(net::make_strand(workers.first())),
    report_timer_(strand_) {
}

namespace {

/// How often lease usage is reported (issue #21: at least once a second).
constexpr std::chrono::seconds report_interval{1};
/// A lease port that cannot be bound is tried this often, this many times.
constexpr std::chrono::milliseconds bind_retry_delay{100};
constexpr int bind_attempts_max = 50;

} // namespace

void lease_gateway::report_every_second() {
  report_timer_.expires_after(report_interval);
  report_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self || self->stopped_)
      return;
    auto usage = self->leases_->take_usage();
    if (!usage.empty()) {
      const actors::lease_usage_batch batch{std::move(usage)};
      self->ctx_->port.async_report_lease_usage(batch, [](std::error_code report_ec, bool) {
        if (report_ec)
          infra::log_warn("gateway", "lease usage not recorded: " + report_ec.message());
      });
    }
    self->report_every_second();
  });
}

void lease_gateway::final_report(std::chrono::milliseconds deadline) {
  auto usage = leases_->take_usage();
  if (usage.empty())
    return;
  auto done = std::make_shared<std::promise<void>>();
  auto reported = done->get_future();
  const actors::lease_usage_batch batch{std::move(usage)};
  ctx_->port.async_report_lease_usage(batch, [done](std::error_code, bool) { done->set_value(); });
  if (reported.wait_for(deadline) != std::future_status::ready)
    infra::log_warn("gateway", "the last lease usage was not recorded in time");
}

void lease_gateway::start() {
  ctx_->port.watch_leases([weak = weak_from_this()](std::vector<actors::lease_endpoint> leases) {
    auto self = weak.lock();
    if (!self)
      return;
    net::post(self->strand_, [self, leases = std::move(leases)] { self->apply(leases); });
  });
  net::post(strand_, [self = shared_from_this()] { self->report_every_second(); });
}

void lease_gateway::stop() {
  ctx_->port.watch_leases({});
  net::post(strand_, [self = shared_from_this()] {
    self->stopped_ = true;
    self->report_timer_.cancel();
    for (auto& [port, listener] : self->listeners_)
      listener->close();
    self->listeners_.clear();
  });
}

void lease_gateway::apply(const std::vector<actors::lease_endpoint>& leases) {
  if (stopped_)
    return;
  const auto ports = leases_->replace(leases);
  for (auto i = listeners_.begin(); i != listeners_.end();) {
    if (ports.contains(i->first)) {
      ++i;
    } else {
      i->second->close();
      i = listeners_.erase(i);
    }
  }
  wanted_ = ports;
  for (const auto port : ports) {
    if (!listeners_.contains(port))
      open_port(port, 0);
  }
}

void lease_gateway::open_port(std::uint16_t port, int attempt) {
  if (stopped_ || !wanted_.contains(port) || listeners_.contains(port))
    return;
  auto listener = std::make_shared<tcp_listener>(
    workers_, "dedicated.ports", handshakes_,
    [ctx = ctx_, leases = leases_,
     port](net::ip::tcp::socket socket, std::unique_ptr<infra::connection_admission::place> place) {
      auto executor = socket.get_executor();
      net::co_spawn(executor,
                    serve_lease_client(ctx, leases, port, std::move(socket), std::move(place)),
                    [](std::exception_ptr e) {
                      if (e)
                        infra::log_error("gateway", "a lease connection ended by an exception");
                    });
    });
  std::string error_text;
  const infra::endpoint where{listen_host_, port};
  if (auto bound = listener->listen(where, error_text); !bound) {
    // Most often the port's previous listener (a lease that just ended) is still closing on its
    // strand: try again shortly, for a few seconds. The lease stays sold either way.
    if (attempt < bind_attempts_max) {
      auto retry = std::make_shared<net::steady_timer>(strand_, bind_retry_delay);
      retry->async_wait([self = shared_from_this(), retry, port, attempt](auto ec) {
        if (!ec)
          self->open_port(port, attempt + 1);
      });
    } else {
      infra::log_error("gateway", "lease port " + std::to_string(port) + ": " + error_text);
    }
    return;
  }
  listener->start();
  listeners_.emplace(port, std::move(listener));
}

} // namespace sluice::gateway
