#include "gateway/socks_gateway.hpp"

#include <boost/asio/co_spawn.hpp>

#include "gateway/credentials/routing_credentials.hpp"
#include "gateway/exit/node_probe.hpp"
#include "gateway/socks5/client_session.hpp"
#include "infra/log.hpp"

namespace sluice::gateway {
namespace net = boost::asio;

namespace {

net::awaitable<void> check_node(std::shared_ptr<const node_checker> checker, std::string node,
                                std::function<void(std::string)> done) {
  done(co_await checker->check(node));
}

void log_exception(std::exception_ptr e) {
  if (e)
    infra::log_error("gateway", "a SOCKS5 connection ended by an exception");
}

} // namespace

socks_gateway::socks_gateway(worker_pool& workers, std::shared_ptr<const gateway_context> ctx)
  : workers_(workers),
    ctx_(std::move(ctx)),
    credentials_(std::make_shared<const routing_credentials>(*ctx_)) {
  auto handshakes = infra::connection_admission::create(
    {.total_max = ctx_->socks.max_handshakes,
     .per_address_max = ctx_->socks.max_handshakes_per_address,
     .reserve = 0});
  listener_ = std::make_shared<tcp_listener>(
    workers_, "socks.listen", std::move(handshakes),
    [ctx = ctx_, credentials = credentials_](
      net::ip::tcp::socket socket, std::unique_ptr<infra::connection_admission::place> place) {
      auto executor = socket.get_executor();
      net::co_spawn(executor,
                    serve_socks_client(ctx, credentials, std::move(socket), std::move(place)),
                    log_exception);
    });
}

result<net::ip::tcp::endpoint> socks_gateway::listen(const infra::endpoint& where,
                                                     std::string& error_text) {
  return listener_->listen(where, error_text);
}

void socks_gateway::start() {
  listener_->start();
  ctx_->port.set_node_probe([checker = std::make_shared<const node_checker>(ctx_),
                             executor = workers_.first().get_executor()](
                              const std::string& node, std::function<void(std::string)> done) {
    net::co_spawn(executor, check_node(checker, node, std::move(done)), [](std::exception_ptr e) {
      if (e)
        infra::log_error("gateway", "an exit-node check ended by an exception");
    });
  });
}

bool socks_gateway::drain(std::chrono::milliseconds deadline) {
  ctx_->port.set_node_probe({});
  listener_->close();
  return ctx_->relays->drain(deadline);
}

} // namespace sluice::gateway
