// `sluice serve`: the composition root. Opens the log, starts the actors, the projection runner
// and the HTTP listener, prints the ready line, and on SIGINT/SIGTERM stops them in the order
// that keeps every acknowledged command: front ends first, then actors (they finish in-flight
// appends), then the projections, then the log (it drains its queue before closing).
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <csignal>
#include <cstdio>
#include <map>
#include <vector>

#include "actors/facade/runtime.hpp"
#include "apps/commands.hpp"
#include "apps/load_config.hpp"
#include "apps/open_files_limit.hpp"
#include "gateway/lease/lease_gateway.hpp"
#include "gateway/socks_gateway.hpp"
#include "http/admin/admin_routes.hpp"
#include "http/api/auth.hpp"
#include "http/b2b/b2b_routes.hpp"
#include "http/reseller/reseller_routes.hpp"
#include "http/server/server.hpp"
#include "http/status/status_routes.hpp"
#include "infra/log.hpp"
#include "infra/publisher.hpp"
#include "infra/secrets.hpp"
#include "infra/storage.hpp"
#include "projections/catalogue.hpp"
#include "projections/facade/queries.hpp"
#include "projections/runner.hpp"

namespace sluice::apps {
namespace {

/// How long a stop waits for open tunnels to send their final usage reports.
constexpr std::chrono::milliseconds gateway_drain_deadline{5000};
/// How long a start waits for the read models to catch up before counting exit-node load.
constexpr std::chrono::milliseconds node_load_wait{10'000};

std::string host_port(const std::string& host, std::uint16_t port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

actors::runtime_options runtime_options_of(const infra::config& config,
                                           const std::string& sealing_key) {
  actors::runtime_options options;
  options.workers = config.actors.workers;
  options.idle_stop = config.actors.idle_stop;
  options.snapshot_every = config.log.snapshot_every;
  options.sealing_key = sealing_key;
  options.billing = config.billing;
  options.currency = config.currency;
  for (const auto& node : config.exit_nodes)
    options.exit_nodes.push_back({node.id, node.country, node.services, node.kind, node.location,
                                  !node.reset_command.empty()});
  options.catalogue = {config.products, config.locations, config.dedicated};
  options.grant_bytes = config.socks.grant_bytes;
  options.max_tunnels_per_account = config.socks.max_tunnels_per_account;
  options.session_idle_ttl = config.socks.session_idle_ttl;
  options.node_cooldown = config.socks.node_cooldown;
  options.node_check_interval = config.socks.node_check_interval;
  options.webhooks = config.webhooks;
  return options;
}

/// The sessions bound before this start, for the expiry watch: without them a session nobody
/// uses again after a restart would keep its binding (and weigh on its node) for good.
void read_bound_sessions(const projections::queries& queries, actors::runtime_options& options) {
  auto bound = queries.bound_sessions();
  if (!bound) {
    infra::log_error("serve", "reading the bound sessions failed: " + bound.error().message()
                                + "; those bound before this start expire at their next use");
    return;
  }
  for (auto& b : *bound) {
    auto at = events::parse_timestamp(b.session.last_active_at);
    if (!at) {
      const auto what = "session " + b.session.session + " has no valid last use";
      infra::log_warn("serve", what + "; it expires at its next use");
      continue;
    }
    options.bound_sessions.push_back(
      {std::move(b.account_id), std::move(b.session.session), std::move(b.session.country), *at});
  }
}

/// What the exit-node registry starts from, as the read models have it: the sessions bound to
/// each node before this start (its starting load), and the nodes registered and not retired
/// (those no longer configured are retired). The read models trail the log, so this waits (a
/// while at most) until they have read all the log held.
void read_exit_node_history(const projections::runner& runner, std::uint64_t log_end,
                            const projections::queries& queries, actors::runtime_options& options) {
  if (!runner.wait_for_position(log_end, node_load_wait)) {
    infra::log_warn("serve", "the read models are still catching up: exit-node load counts only "
                             "the sessions they have read so far, and nodes no longer configured "
                             "may be retired only at a later start");
  }
  auto counts = queries.sessions_by_node();
  if (counts) {
    options.node_sessions = std::move(*counts);
  } else {
    infra::log_error("serve", "reading the sessions per exit node failed: "
                                + counts.error().message() + "; every node starts at load 0");
  }
  read_bound_sessions(queries, options);
  auto nodes = queries.exit_nodes();
  if (!nodes) {
    infra::log_error("serve", "reading the registered exit nodes failed: " + nodes.error().message()
                                + "; none is retired at this start");
    return;
  }
  for (const auto& n : *nodes) {
    if (n.status != "retired")
      options.registered_nodes.push_back(n.node);
  }
}

} // namespace

int serve(const config_source& source) {
  // A write to a reset connection must come back as EPIPE, not end the process: Asio asks for
  // MSG_NOSIGNAL, but not every library that writes to a socket here does.
  std::signal(SIGPIPE, SIG_IGN);
  auto config = load_config(source);
  if (!config)
    return 2;
  raise_open_files_limit();
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
  auto& live = (*storage)->projections(infra::projection_space::live);
  const projections::queries queries(live);
  auto options = runtime_options_of(*config, secrets->sealing_key);
  read_exit_node_history(runner, log.last_seq(), queries, options);
  auto actors = actors::runtime::start(log, clock, std::move(options));
  // What the start wrote (exit-node registrations and health) is in the read models before the
  // ready line, so /healthz and /v1/admin/exit-nodes show it from the first request.
  (void) runner.wait_for_position(log.last_seq(), node_load_wait);
  const projections::usage_queries usage(live);
  const projections::ledger_queries ledger(live);
  boost::asio::thread_pool blocking(2); // Argon2id: ~50 ms of CPU per signup or login.
  http::work_budget hashing(64);        // ≈ 1.6 s of queued hashing on two threads.
  http::login_limiter logins;
  http::api_context api_ctx{
    actors->commands(),  queries,  usage,   ledger, runner, *config, clock, secrets->admin_token,
    secrets->jwt_secret, blocking, hashing, logins};

  boost::asio::io_context io{1};
  auto routes = std::make_shared<http::router>();
  http::add_status_routes(*routes, *config, queries, [&log, &runner, &kafka] {
    http::health_snapshot h{log.last_seq(), runner.position(), runner.failure(), std::nullopt};
    if (kafka)
      h.kafka = kafka->stats();
    return h;
  });
  http::add_b2b_routes(*routes, api_ctx);
  http::add_admin_routes(*routes, api_ctx);
  http::add_reseller_routes(*routes, api_ctx);
  const infra::admission_caps caps{.total_max = config->http.max_connections,
                                   .per_address_max = config->http.max_connections_per_address,
                                   .reserve = config->http.operator_reserve};
  http::server api(io, routes, caps,
                   {config->http.header_timeout, [token = secrets->admin_token](const auto& req) {
                      return http::carries_admin_token(req, token);
                    }});
  gateway::worker_pool gateway_workers(config->socks.threads); // Outlives `socks`.
  auto gateway_ctx = std::make_shared<const gateway::gateway_context>(actors->commands(), *config,
                                                                      clock);
  gateway::socks_gateway socks(gateway_workers, gateway_ctx);
  auto lease_ports = std::make_shared<gateway::lease_gateway>(gateway_workers, gateway_ctx,
                                                              config->dedicated.listen_host);
  auto bound = api.listen(config->http.listen, error_text);
  auto socks_bound = bound ? socks.listen(config->socks.listen, error_text)
                           : result<boost::asio::ip::tcp::endpoint>{errc::io_error};
  if (!bound || !socks_bound) {
    std::fprintf(stderr, "sluice serve: %s\n", error_text.c_str());
    blocking.join();
    actors->stop();
    if (kafka)
      kafka->stop();
    runner.stop();
    (*storage)->close();
    return 1;
  }
  // Port 0 picks one: the tunnel credential shows the port actually bound.
  config->socks.listen.port = socks_bound->port();
  api.start();
  socks.start();
  lease_ports->start();
  gateway_workers.start();

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec)
      return;
    infra::log_info("serve", "signal " + std::to_string(signal) + ": stopping");
    api.stop();
    io.stop();
  });
  std::printf("ready http=%s socks=%s\n",
              host_port(bound->address().to_string(), bound->port()).c_str(),
              host_port(socks_bound->address().to_string(), socks_bound->port()).c_str());
  std::fflush(stdout);
  infra::log_info("serve", "data_dir=" + config->data_dir.string()
                             + " last_seq=" + std::to_string(log.last_seq()));
  io.run();
  // Open tunnels close and bill what they relayed while the actors still run; one that cannot
  // report in time loses its unreported usage, which is then not billed (DESIGN.md §4).
  lease_ports->stop(); // No new lease tunnels; the open ones drain with the gateway's below.
  if (!socks.drain(gateway_drain_deadline))
    infra::log_error("serve", "some tunnels did not send their final report in time");
  lease_ports->final_report(gateway_drain_deadline);
  gateway_workers.stop();

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
