// The actor runtime: the CAF system, the directories, the reader and the bridge, and the
// command_port that front ends use. The only place that knows every actor type.
#include <atomic>
#include <thread>

#include "actors/account/account_actor.hpp"
#include "actors/api_key/api_key_actor.hpp"
#include "actors/api_key/api_key_rules.hpp"
#include "actors/email/email_actor.hpp"
#include "actors/email/email_state.hpp"
#include "actors/exit_node/node_registry.hpp"
#include "actors/facade/runtime.hpp"
#include "actors/lease/lease_book_actor.hpp"
#include "actors/order/order_actor.hpp"
#include "actors/payment/payment_actor.hpp"
#include "actors/reactors/webhook_reactor.hpp"
#include "actors/runtime/bridge.hpp"
#include "actors/runtime/directory.hpp"
#include "actors/runtime/log_reader.hpp"
#include "actors/runtime/node_probes.hpp"
#include "actors/runtime/report_batcher.hpp"
#include "actors/sequence/sequence_actor.hpp"
#include "actors/session/session_actor.hpp"
#include "actors/session/session_expiry.hpp"
#include "actors/webhook/webhook_actor.hpp"
#include "infra/crypto.hpp"
#include "infra/email_address.hpp"
#include "infra/log.hpp"

namespace sluice::actors {
namespace {

/// The actors still running once every domain actor has quit: the bridge and the log reader.
constexpr std::size_t actors_left_to_stop = 2;
constexpr std::chrono::milliseconds stop_poll{5};
constexpr std::chrono::milliseconds stop_wait_max{5000};

template <class T>
void fail(handler_of<T> handler, errc code) {
  detail::complete(std::make_shared<handler_of<T>>(std::move(handler)), make_error_code(code), T{});
}

class caf_runtime final : public runtime, public command_port {
public:
  caf_runtime(infra::event_log& log, const infra::clock& clock, runtime_options options)
    : node_health_(options.exit_nodes) {
    config_.set("scheduler.max-threads", static_cast<std::size_t>(options.workers));
    config_.set("scheduler.max-throughput", std::size_t{300});
    // One shared queue whose idle workers block: the default work stealing polls and sleeps in
    // 50 µs steps while idle, which on a 2-core machine took half the gateway's CPU under load
    // (bench/README.md, gateway_bench) from the relay and its clients.
    config_.set("scheduler.policy", caf::atom("sharing"));
    system_ = std::make_unique<caf::actor_system>(config_);
    auto ctx = std::make_shared<actor_context>();
    ctx->log = &log;
    ctx->clock = &clock;
    ctx->tunnels = &tunnels_;
    ctx->keys = &keys_;
    ctx->node_health = &node_health_;
    ctx->probes = &probes_;
    ctx->leases = &lease_board_;
    ctx->options = std::move(options);
    ctx->reader = system_->spawn<caf::detached>(log_reader, &log);
    // Directories are spawned before any command, so children always see them set.
    std::shared_ptr<const actor_context> shared = ctx;
    ctx->accounts = system_->spawn(directory, spawn_fn{[shared](auto* d, const std::string& id) {
                                     return spawn_account(d, id, shared);
                                   }});
    ctx->api_keys = system_->spawn(directory, spawn_fn{[shared](auto* d, const std::string& id) {
                                     return spawn_api_key(d, id, shared);
                                   }});
    ctx->emails = system_->spawn(directory, spawn_fn{[shared](auto* d, const std::string& id) {
                                   return spawn_email(d, id, shared);
                                 }});
    ctx->payments = system_->spawn(directory, spawn_fn{[shared](auto* d, const std::string& id) {
                                     return spawn_payment(d, id, shared);
                                   }});
    ctx->webhooks = system_->spawn(directory, spawn_fn{[shared](auto* d, const std::string& id) {
                                     return spawn_webhook(d, id, shared);
                                   }});
    ctx->sessions = system_->spawn(directory, spawn_fn{[shared](auto* d, const std::string& id) {
                                     return spawn_session(d, id, shared);
                                   }});
    ctx->sequences = system_->spawn(directory, spawn_fn{[shared](auto* d, const std::string& id) {
                                      return spawn_sequence(d, id, shared);
                                    }});
    ctx->orders = system_->spawn(directory, spawn_fn{[shared](auto* d, const std::string& id) {
                                   return spawn_order(d, id, shared);
                                 }});
    ctx->exit_nodes = spawn_node_registry(*system_, shared);
    probes_.deliver_to([registry = ctx->exit_nodes](const std::string& node, std::string failure) {
      caf::anon_send(registry, node_probed_atom::value, node, std::move(failure));
    });
    await_exit_nodes(ctx->exit_nodes, ctx->request_timeout());
    ctx->lease_book = spawn_lease_book(*system_, shared); // Places leases on nodes known down.
    // After the registry: sessions it finds expired at once tell the registry their node is free.
    ctx->session_expiry = spawn_session_expiry(*system_, shared,
                                               std::exchange(ctx->options.bound_sessions, {}));
    if (shared->options.webhooks) {
      sender_ = infra::webhook_sender::start(*shared->options.webhooks, clock);
      reactor_ = spawn_webhook_reactor(*system_, shared, sender_.get(), *shared->options.webhooks);
    }
    ctx_ = std::move(ctx);
    bridge_ = system_->spawn<bridge_actor>();
    final_reports_ = std::make_shared<report_batcher>(bridge_, ctx_->accounts,
                                                      ctx_->request_timeout());
  }

  ~caf_runtime() override {
    stop();
  }

  command_port& commands() override {
    return *this;
  }

  void stop() override {
    if (stopped_.exchange(true))
      return;
    probes_.close(); // Its deliver function holds an actor handle: gone before the system.
    // Attempts in flight are abandoned unrecorded: made again (same webhook-id) after a restart.
    if (sender_)
      sender_->stop();
    if (reactor_)
      caf::anon_send_exit(reactor_, caf::exit_reason::user_shutdown);
    // Directories pass the exit on; each child finishes its in-flight appends before quitting.
    for (const auto& d : {ctx_->accounts, ctx_->api_keys, ctx_->emails, ctx_->payments,
                          ctx_->webhooks, ctx_->session_expiry, ctx_->sessions, ctx_->orders,
                          ctx_->sequences, ctx_->lease_book, ctx_->exit_nodes}) {
      caf::anon_send_exit(d, caf::exit_reason::user_shutdown);
    }
    // The reader goes last: an actor finishing its last append sends it a snapshot then, which
    // would be lost (a longer recovery next start) if the reader had quit.
    await_domain_actors_done();
    caf::anon_send_exit(bridge_, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(ctx_->reader, caf::exit_reason::user_shutdown);
    ctx_.reset();
    final_reports_.reset(); // It holds actor handles too.
    bridge_ = nullptr;
    reactor_ = nullptr;
    system_->await_all_actors_done();
    sender_.reset(); // Its abandoned requests hold actor handles: gone before the system.
    system_.reset();
  }

protected:
  // actors::command_port
  void start_create_account(create_account cmd, handler_of<account_view> h) override {
    auto email = infra::normalize_email(cmd.email);
    if (!email)
      return fail(std::move(h), errc::invalid_argument);
    route(ctx_->emails, *email, std::move(h), signup_atom::value, std::move(cmd));
  }
  void start_get_account(std::string id, handler_of<account_view> h) override {
    route(ctx_->accounts, id, std::move(h), caf::get_atom::value);
  }
  void start_credit_wallet(credit_wallet cmd, handler_of<account_view> h) override {
    auto id = cmd.account_id;
    route(ctx_->accounts, id, std::move(h), credit_atom::value, std::move(cmd));
  }
  void start_adjust_wallet(adjust_wallet cmd, handler_of<account_view> h) override {
    auto id = cmd.account_id;
    route(ctx_->accounts, id, std::move(h), adjust_atom::value, std::move(cmd));
  }
  void start_credit_balance(credit_balance cmd, handler_of<account_view> h) override {
    auto id = cmd.account_id;
    route(ctx_->accounts, id, std::move(h), balance_credit_atom::value, std::move(cmd));
  }
  void start_debit_balance(debit_balance cmd, handler_of<account_view> h) override {
    auto id = cmd.account_id;
    route(ctx_->accounts, id, std::move(h), balance_debit_atom::value, std::move(cmd));
  }
  void start_mint_api_key(mint_api_key cmd, handler_of<minted_api_key> h) override {
    route(ctx_->api_keys, infra::random_id("key_", 16), std::move(h), mint_atom::value,
          std::move(cmd));
  }
  void start_get_api_key(api_key_ref ref, handler_of<api_key_view> h) override {
    auto id = ref.key_id;
    route(ctx_->api_keys, id, std::move(h), caf::get_atom::value, std::move(ref));
  }
  void start_revoke_api_key(api_key_ref ref, handler_of<api_key_view> h) override {
    auto id = ref.key_id;
    route(ctx_->api_keys, id, std::move(h), revoke_atom::value, std::move(ref));
  }
  void start_set_api_key_quota(set_api_key_quota cmd, handler_of<api_key_view> h) override {
    auto id = cmd.key_id;
    route(ctx_->api_keys, id, std::move(h), quota_atom::value, std::move(cmd));
  }

  void start_primary_key(std::string account_id, handler_of<minted_api_key> h) override {
    route(ctx_->accounts, account_id, std::move(h), primary_atom::value);
  }
  void start_create_checkout(create_checkout cmd, handler_of<checkout_view> h) override {
    route(ctx_->payments, infra::random_id("chk_", 16), std::move(h), checkout_atom::value,
          std::move(cmd));
  }
  void start_get_checkout(checkout_ref ref, handler_of<checkout_view> h) override {
    auto id = ref.checkout_id;
    route(ctx_->payments, id, std::move(h), caf::get_atom::value, std::move(ref));
  }
  void start_confirm_checkout(std::string checkout_id, handler_of<checkout_view> h) override {
    route(ctx_->payments, checkout_id, std::move(h), confirm_atom::value);
  }
  void start_register_webhook(register_webhook cmd, handler_of<registered_webhook> h) override {
    route(ctx_->webhooks, infra::random_id("wh_", 16), std::move(h), register_atom::value,
          std::move(cmd));
  }
  void start_delete_webhook(webhook_ref ref, handler_of<webhook_view> h) override {
    auto id = ref.webhook_id;
    route(ctx_->webhooks, id, std::move(h), unregister_atom::value, std::move(ref));
  }

  void start_redeliver_webhook(redeliver_webhook cmd, handler_of<redelivery_view> h) override {
    if (stopped_.load())
      return fail(std::move(h), errc::shutting_down);
    if (!reactor_)
      return fail(std::move(h), errc::unavailable);
    if (!valid_id(cmd.delivery_id) || !valid_id(cmd.webhook_id))
      return fail(std::move(h), errc::not_found);
    ask<redelivery_view>(bridge_, reactor_, ctx_->request_timeout(), std::move(h),
                         caf::make_message(redeliver_atom::value, std::move(cmd)));
  }

  void start_create_order(create_order cmd, handler_of<order_view> h) override {
    if (stopped_.load())
      return fail(std::move(h), errc::shutting_down);
    // Two requests, both from the bridge: the next order id, then the new order's actor.
    auto shared = std::make_shared<handler_of<order_view>>(std::move(h));
    const auto timeout = ctx_->request_timeout();
    caf::anon_send(bridge_, bridge_job{[ctx = ctx_, shared, cmd, timeout](bridge_actor* self) {
                     request_once<std::uint64_t>(
                       self, ctx->sequences, timeout,
                       caf::make_message(route_atom::value, std::string{"order"},
                                         caf::make_message(next_id_atom::value)),
                       [self, ctx, shared, cmd, timeout](std::error_code ec, std::uint64_t id) {
                         if (ec)
                           return detail::complete(shared, ec, order_view{});
                         request_once<order_view>(
                           self, ctx->orders, timeout,
                           caf::make_message(route_atom::value, std::to_string(id),
                                             caf::make_message(create_atom::value, id, cmd)),
                           [shared](std::error_code ec2, order_view v) {
                             detail::complete(shared, ec2, std::move(v));
                           });
                       });
                   }});
  }
  void start_get_order(order_ref ref, handler_of<order_view> h) override {
    auto id = std::to_string(ref.order_id);
    route(ctx_->orders, id, std::move(h), caf::get_atom::value, std::move(ref));
  }
  void start_pay_order(order_ref ref, handler_of<paid_order> h) override {
    auto id = std::to_string(ref.order_id);
    route(ctx_->orders, id, std::move(h), pay_atom::value, std::move(ref));
  }
  void start_list_proxies(std::string account_id, handler_of<proxy_list> h) override {
    to_lease_book<proxy_list>(std::move(h), caf::make_message(proxies_atom::value, account_id));
  }
  void start_get_proxy(proxy_ref ref, handler_of<proxy_view> h) override {
    to_lease_book<proxy_view>(std::move(h), caf::make_message(caf::get_atom::value, ref));
  }

  void start_authenticate_key(key_credentials creds, handler_of<api_key_view> h) override {
    auto id = key_id_of_secret(creds.secret);
    if (id.empty())
      return fail(std::move(h), errc::unauthorized);
    if (auto known = keys_.check(id, creds)) {
      if (!*known)
        return fail(std::move(h), errc::unauthorized);
      return detail::complete(std::make_shared<handler_of<api_key_view>>(std::move(h)),
                              std::error_code{}, std::move(known->value()));
    }
    route(ctx_->api_keys, id, std::move(h), authenticate_atom::value, std::move(creds));
  }
  void start_open_tunnel(open_tunnel cmd, handler_of<tunnel_opened> h) override {
    auto id = cmd.account_id;
    route(ctx_->accounts, id, std::move(h), open_atom::value, std::move(cmd));
  }
  void start_report_usage(usage_report report, handler_of<grant_renewal> h) override {
    if (report.final && !stopped_.load() && valid_id(report.account_id))
      return final_reports_->add(std::move(report), std::move(h));
    auto id = report.account_id;
    route(ctx_->accounts, id, std::move(h), report_atom::value, std::move(report));
  }
  void start_release_session(release_session cmd, handler_of<session_view> h) override {
    auto id = cmd.account_id;
    route(ctx_->accounts, id, std::move(h), release_atom::value, std::move(cmd));
  }
  void watch_tunnel(const tunnel_ref& ref, std::function<void(tunnel_closure)> on_close) override {
    tunnels_.watch(ref.tunnel_id, std::move(on_close));
  }
  void unwatch_tunnel(const tunnel_ref& ref) override {
    tunnels_.unwatch(ref.tunnel_id);
  }
  void start_disconnect_proxy(proxy_ref ref, handler_of<proxy_view> h) override {
    to_lease_book<proxy_view>(std::move(h), caf::make_message(disconnect_atom::value, ref));
  }
  void start_connect_proxy(connect_proxy cmd, handler_of<proxy_view> h) override {
    to_lease_book<proxy_view>(std::move(h), caf::make_message(connect_atom::value, cmd));
  }
  void start_reset_proxy(reset_proxy cmd, handler_of<reset_outcome> h) override {
    to_lease_book<reset_outcome>(std::move(h), caf::make_message(reset_atom::value, cmd));
  }
  void start_set_fingerprint(set_fingerprint cmd, handler_of<proxy_view> h) override {
    to_lease_book<proxy_view>(std::move(h), caf::make_message(fingerprint_atom::value, cmd));
  }
  void start_report_lease_usage(lease_usage_batch batch, handler_of<bool> h) override {
    to_lease_book<bool>(std::move(h), caf::make_message(lease_usage_atom::value, batch));
  }
  void watch_leases(std::function<void(std::vector<lease_endpoint>)> on_change) override {
    lease_board_.watch(std::move(on_change));
  }
  void set_node_probe(node_probe probe) override {
    probes_.set_probe(std::move(probe));
  }
  void start_report_node_failure(node_failure failure, handler_of<node_health_view> h) override {
    if (stopped_.load())
      return fail(std::move(h), errc::shutting_down);
    ask<node_health_view>(bridge_, ctx_->exit_nodes, ctx_->request_timeout(), std::move(h),
                          caf::make_message(node_fail_atom::value, std::move(failure)));
  }

private:
  /// Until only the bridge and the reader run, at most `stop_wait_max`: an actor that does not
  /// quit in time (it would be a bug) costs at most its last snapshot, never the stop.
  void await_domain_actors_done() {
    auto& registry = system_->registry();
    for (int waited = 0; registry.running() > actors_left_to_stop; ++waited) {
      if (waited * stop_poll >= stop_wait_max) {
        infra::log_warn("runtime", std::to_string(registry.running() - actors_left_to_stop)
                                     + " actors still running at stop");
        return;
      }
      std::this_thread::sleep_for(stop_poll);
    }
  }

  /// Until every exit node's registration and health are durable and on the board: a node
  /// still in a cool-down from before a restart is then skipped from the first connection.
  void await_exit_nodes(const caf::actor& registry, caf::timespan timeout) {
    caf::scoped_actor self{*system_};
    self->request(registry, timeout, all_ready_atom::value)
      .receive([](bool) {},
               [](caf::error& err) {
                 infra::log_warn("exit_nodes", "not every exit node started in time ("
                                                 + caf::to_string(err) + "); serving anyway");
               });
  }

  template <class T>
  void to_lease_book(handler_of<T> h, caf::message msg) {
    if (stopped_.load())
      return fail(std::move(h), errc::shutting_down);
    ask<T>(bridge_, ctx_->lease_book, ctx_->request_timeout(), std::move(h), std::move(msg));
  }

  template <class T, class... Ts>
  void route(const caf::actor& dir, const std::string& id, handler_of<T> h, Ts&&... xs) {
    if (stopped_.load())
      return fail(std::move(h), errc::shutting_down);
    if (!valid_id(id))
      return fail(std::move(h), errc::not_found);
    ask<T>(bridge_, dir, ctx_->request_timeout(), std::move(h),
           caf::make_message(route_atom::value, id, caf::make_message(std::forward<Ts>(xs)...)));
  }

  /// Ids reach stream names, so only printable characters without '/' are routed at all.
  static bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 254)
      return false;
    for (const char c : id) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '/')
        return false;
    }
    return true;
  }

  tunnel_watch tunnels_;          ///< Outlives the actors that order closes through it.
  verified_keys keys_;            ///< Likewise for the key actors that fill it.
  node_health_board node_health_; ///< Likewise for the node actors that write it.
  node_probes probes_;            ///< The gateway's probe of nodes whose cool-down ended.
  lease_board lease_board_;       ///< Live leases, for the gateway's lease ports.
  caf::actor_system_config config_;
  std::unique_ptr<caf::actor_system> system_;
  std::shared_ptr<actor_context> ctx_;
  caf::actor bridge_;
  std::shared_ptr<report_batcher> final_reports_; ///< Final usage reports, batched per account.
  std::unique_ptr<infra::webhook_sender> sender_;
  caf::actor reactor_; ///< The webhook delivery reactor; none unless options.webhooks is set.
  std::atomic<bool> stopped_{false};
};

} // namespace

std::unique_ptr<runtime> runtime::start(infra::event_log& log, const infra::clock& clock,
                                        runtime_options options) {
  return std::make_unique<caf_runtime>(log, clock, std::move(options));
}

} // namespace sluice::actors
