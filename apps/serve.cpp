// `sluice serve`: the composition root. Opens the log, starts the actors, the projection runner
// and the HTTP listener, prints the ready line, and on SIGINT/SIGTERM stops them in the order
// that keeps every acknowledged command: front ends first, then actors (they finish in-flight
// appends), then the projections, then the log (it drains its queue before closing).
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdio>
#include <thread>

#include "actors/facade/runtime.hpp"
#include "apps/commands.hpp"
#include "apps/load_config.hpp"
#include "http/admin/admin_routes.hpp"
#include "http/b2b/b2b_routes.hpp"
#include "http/server/server.hpp"
#include "http/status/status_routes.hpp"
#include "infra/log.hpp"
#include "infra/publisher.hpp"
#include "infra/secrets.hpp"
#include "infra/storage.hpp"
#include "projections/catalogue.hpp"
#include "projections/runner.hpp"

namespace sluice::apps {
namespace {

std::string host_port(const std::string& host, std::uint16_t port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

} // namespace

int serve(const config_source& source) {
  auto config = load_config(source);
  if (!config)
    return 2;
  std::string error_text;
  auto secrets = infra::load_or_create_secrets(config->data_dir, config->auth, error_text);
  if (!secrets) {
    std::fprintf(stderr, "sluice serve: %s\n", error_text.c_str());
    return 2;
  }
  infra::system_clock clock;
  auto storage = infra::storage::open(
    {config->data_dir, infra::open_mode::read_write, config->log.sync}, clock, error_text);
  if (!storage) {
    std::fprintf(stderr, "sluice serve: %s\n", error_text.c_str());
    return 1;
  }
  auto& log = (*storage)->log();
  projections::runner runner(log, (*storage)->projections(infra::projection_space::live),
                             projections::make_all(), &clock);
  runner.start();
  std::unique_ptr<infra::publisher> kafka;
  if (!config->kafka.brokers.empty()) {
    auto started = infra::publisher::start(config->kafka, log, (*storage)->cursors(), clock,
                                           error_text);
    if (!started) {
      std::fprintf(stderr, "sluice serve: %s\n", error_text.c_str());
      runner.stop();
      (*storage)->close();
      return 2;
    }
    kafka = std::move(*started);
  }
  auto actors = actors::runtime::start(
    log, clock,
    {config->actors.workers, config->actors.idle_stop, std::chrono::milliseconds{10'000},
     config->log.snapshot_every, secrets->sealing_key, config->billing, config->currency});
  auto& live = (*storage)->projections(infra::projection_space::live);
  const projections::queries queries(live);
  const projections::usage_queries usage(live);
  boost::asio::thread_pool blocking(2); // Argon2id: ~50 ms of CPU per signup or login.
  http::work_budget hashing(64);        // ≈ 1.6 s of queued hashing on two threads.
  http::login_limiter logins;
  http::api_context api_ctx{
    actors->commands(),  queries,  usage,   runner, *config, clock, secrets->admin_token,
    secrets->jwt_secret, blocking, hashing, logins};

  boost::asio::io_context io{1};
  auto routes = std::make_shared<http::router>();
  http::add_status_routes(*routes, *config, [&log, &runner, &kafka] {
    http::health_snapshot h{log.last_seq(), runner.position(), runner.failure(), std::nullopt};
    if (kafka)
      h.kafka = kafka->stats();
    return h;
  });
  http::add_b2b_routes(*routes, api_ctx);
  http::add_admin_routes(*routes, api_ctx);
  http::server api(io, routes);
  auto bound = api.listen(config->http.listen, error_text);
  if (!bound) {
    std::fprintf(stderr, "sluice serve: %s\n", error_text.c_str());
    blocking.join();
    actors->stop();
    if (kafka)
      kafka->stop();
    runner.stop();
    (*storage)->close();
    return 1;
  }
  api.start();

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec)
      return;
    infra::log_info("serve", "signal " + std::to_string(signal) + ": stopping");
    api.stop();
    io.stop();
  });
  // The gateway (issue #4) adds the SOCKS listener; until then the line says it is off.
  std::printf("ready http=%s socks=off\n",
              host_port(bound->address().to_string(), bound->port()).c_str());
  std::fflush(stdout);
  infra::log_info("serve", "data_dir=" + config->data_dir.string()
                             + " last_seq=" + std::to_string(log.last_seq()));
  io.run();

  blocking.join();
  actors->stop();
  if (kafka)
    kafka->stop(); // After the actors: what they appended last is still published.
  runner.stop();
  (*storage)->close();
  infra::log_info("serve", "stopped cleanly");
  return 0;
}

} // namespace sluice::apps
