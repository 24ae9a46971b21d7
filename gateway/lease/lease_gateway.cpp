#include "gateway/lease/lease_gateway.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>

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
    strand_(net::make_strand(workers.first())) {
}

void lease_gateway::start() {
  ctx_->port.watch_leases([weak = weak_from_this()](std::vector<actors::lease_endpoint> leases) {
    auto self = weak.lock();
    if (!self)
      return;
    net::post(self->strand_, [self, leases = std::move(leases)] { self->apply(leases); });
  });
}

void lease_gateway::stop() {
  ctx_->port.watch_leases({});
  net::post(strand_, [self = shared_from_this()] {
    self->stopped_ = true;
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
  for (const auto port : ports) {
    if (!listeners_.contains(port))
      open_port(port);
  }
}

void lease_gateway::open_port(std::uint16_t port) {
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
    // The lease stays sold; its port is tried again at the lease book's next change.
    infra::log_error("gateway", "lease port " + std::to_string(port) + ": " + error_text);
    return;
  }
  listener->start();
  listeners_.emplace(port, std::move(listener));
}

} // namespace sluice::gateway
