// The one door from gateway/ and http/ into the actors (DESIGN.md §1). Every operation is
// asynchronous with an Asio completion token; the handler runs on its associated executor, so
// `co_await port.async_get_account(id, asio::use_awaitable)` resumes on the caller's strand.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include "actors/facade/commands.hpp"
#include "actors/facade/lease_commands.hpp"
#include "actors/facade/tunnel_commands.hpp"

namespace sluice::actors {

template <class T>
using handler_of = boost::asio::any_completion_handler<void(std::error_code, T)>;

class command_port {
public:
  virtual ~command_port() = default;

  /// Creates an account with a unique email (case-insensitive). errc::already_exists if taken.
  template <class Token>
  auto async_create_account(const create_account& cmd, Token&& token) {
    return initiate<account_view>(&command_port::start_create_account, cmd, token);
  }
  /// errc::not_found for an unknown account.
  template <class Token>
  auto async_get_account(const std::string& account_id, Token&& token) {
    return initiate<account_view>(&command_port::start_get_account, account_id, token);
  }
  template <class Token>
  auto async_credit_wallet(const credit_wallet& cmd, Token&& token) {
    return initiate<account_view>(&command_port::start_credit_wallet, cmd, token);
  }
  /// An operator's correction (WalletAdjusted). errc::wallet_empty for a debit larger than the
  /// balance.
  template <class Token>
  auto async_adjust_wallet(const adjust_wallet& cmd, Token&& token) {
    return initiate<account_view>(&command_port::start_adjust_wallet, cmd, token);
  }
  /// Money in (BalanceCredited); see credit_balance.
  template <class Token>
  auto async_credit_balance(const credit_balance& cmd, Token&& token) {
    return initiate<account_view>(&command_port::start_credit_balance, cmd, token);
  }
  /// Money out, once per reference (BalanceDebited); see debit_balance.
  template <class Token>
  auto async_debit_balance(const debit_balance& cmd, Token&& token) {
    return initiate<account_view>(&command_port::start_debit_balance, cmd, token);
  }
  /// errc::not_found if the account does not exist.
  template <class Token>
  auto async_mint_api_key(const mint_api_key& cmd, Token&& token) {
    return initiate<minted_api_key>(&command_port::start_mint_api_key, cmd, token);
  }
  template <class Token>
  auto async_get_api_key(const api_key_ref& ref, Token&& token) {
    return initiate<api_key_view>(&command_port::start_get_api_key, ref, token);
  }
  /// Revoking twice is fine: the second answers the revoked view and writes nothing.
  template <class Token>
  auto async_revoke_api_key(const api_key_ref& ref, Token&& token) {
    return initiate<api_key_view>(&command_port::start_revoke_api_key, ref, token);
  }
  template <class Token>
  auto async_set_api_key_quota(const set_api_key_quota& cmd, Token&& token) {
    return initiate<api_key_view>(&command_port::start_set_api_key_quota, cmd, token);
  }

  /// The account's primary `sk_live_` key with its secret: minted on first use, then the same
  /// one until it is revoked (a new one is minted then).
  template <class Token>
  auto async_primary_key(const std::string& account_id, Token&& token) {
    return initiate<minted_api_key>(&command_port::start_primary_key, account_id, token);
  }
  template <class Token>
  auto async_create_checkout(const create_checkout& cmd, Token&& token) {
    return initiate<checkout_view>(&command_port::start_create_checkout, cmd, token);
  }
  template <class Token>
  auto async_get_checkout(const checkout_ref& ref, Token&& token) {
    return initiate<checkout_view>(&command_port::start_get_checkout, ref, token);
  }
  /// Operator: completes a pending checkout and credits the wallet once. Confirming a completed
  /// checkout answers its view and changes nothing.
  template <class Token>
  auto async_confirm_checkout(const std::string& checkout_id, Token&& token) {
    return initiate<checkout_view>(&command_port::start_confirm_checkout, checkout_id, token);
  }
  template <class Token>
  auto async_register_webhook(const register_webhook& cmd, Token&& token) {
    return initiate<registered_webhook>(&command_port::start_register_webhook, cmd, token);
  }
  /// errc::not_found for an unknown, foreign or already deleted webhook.
  template <class Token>
  auto async_delete_webhook(const webhook_ref& ref, Token&& token) {
    return initiate<webhook_view>(&command_port::start_delete_webhook, ref, token);
  }

  /// Queues one more attempt of a delivery now. errc::not_found for an unknown delivery, one of
  /// another webhook or account, or one of a deleted webhook; errc::forbidden for a webhook a
  /// receiver disabled with 410 Gone; errc::unavailable when webhook delivery is not running.
  template <class Token>
  auto async_redeliver_webhook(const redeliver_webhook& cmd, Token&& token) {
    return initiate<redelivery_view>(&command_port::start_redeliver_webhook, cmd, token);
  }

  // Orders and leases (seed 001).

  /// A new order with the next order id; see create_order.
  template <class Token>
  auto async_create_order(const create_order& cmd, Token&& token) {
    return initiate<order_view>(&command_port::start_create_order, cmd, token);
  }
  template <class Token>
  auto async_get_order(const order_ref& ref, Token&& token) {
    return initiate<order_view>(&command_port::start_get_order, ref, token);
  }
  /// Pays a pending order from the balance (once, whatever the retries) and provisions its
  /// lease. errc::wrong_state for an order not pending payment, errc::sold_out when no node is
  /// free any more, errc::wallet_empty when the balance is short; nothing is debited then.
  template <class Token>
  auto async_pay_order(const order_ref& ref, Token&& token) {
    return initiate<paid_order>(&command_port::start_pay_order, ref, token);
  }
  /// The account's leases that have not expired, with their credentials.
  template <class Token>
  auto async_list_proxies(const std::string& account_id, Token&& token) {
    return initiate<proxy_list>(&command_port::start_list_proxies, account_id, token);
  }
  template <class Token>
  auto async_get_proxy(const proxy_ref& ref, Token&& token) {
    return initiate<proxy_view>(&command_port::start_get_proxy, ref, token);
  }

  /// Frees the proxy's node; its tunnels end and new ones are refused until it is connected.
  template <class Token>
  auto async_disconnect_proxy(const proxy_ref& ref, Token&& token) {
    return initiate<proxy_view>(&command_port::start_disconnect_proxy, ref, token);
  }
  template <class Token>
  auto async_connect_proxy(const connect_proxy& cmd, Token&& token) {
    return initiate<proxy_view>(&command_port::start_connect_proxy, cmd, token);
  }
  template <class Token>
  auto async_reset_proxy(const reset_proxy& cmd, Token&& token) {
    return initiate<reset_outcome>(&command_port::start_reset_proxy, cmd, token);
  }
  template <class Token>
  auto async_set_fingerprint(const set_fingerprint& cmd, Token&& token) {
    return initiate<proxy_view>(&command_port::start_set_fingerprint, cmd, token);
  }
  /// Records what the lease ports relayed (LeaseBytesMetered); leases gone meanwhile are skipped.
  template <class Token>
  auto async_report_lease_usage(const lease_usage_batch& batch, Token&& token) {
    return initiate<bool>(&command_port::start_report_lease_usage, batch, token);
  }
  /// Calls `on_change` with every live lease now and again after each change (provisioned,
  /// expired, moved), on an actor's thread: it must only post. An empty function stops.
  virtual void watch_leases(std::function<void(std::vector<lease_endpoint>)> on_change) = 0;

  // The gateway's side (DESIGN.md §4).

  /// The key a tunnel password names, if it is an unrevoked key of that account; otherwise
  /// errc::unauthorized, the same for every reason.
  template <class Token>
  auto async_authenticate_key(const key_credentials& creds, Token&& token) {
    return initiate<api_key_view>(&command_port::start_authenticate_key, creds, token);
  }
  /// Binds the tunnel's session to an exit node and reserves the first credit grant.
  template <class Token>
  auto async_open_tunnel(const open_tunnel& cmd, Token&& token) {
    return initiate<tunnel_opened>(&command_port::start_open_tunnel, cmd, token);
  }
  /// Bills usage (BytesMetered) and renews the grant. Safe to repeat with the same number.
  template <class Token>
  auto async_report_usage(const usage_report& report, Token&& token) {
    return initiate<grant_renewal>(&command_port::start_report_usage, report, token);
  }
  /// Rotate or discard a sticky session; answers the node it was bound to (empty if none).
  template <class Token>
  auto async_release_session(const release_session& cmd, Token&& token) {
    return initiate<session_view>(&command_port::start_release_session, cmd, token);
  }
  /// Calls `on_close` once when the account orders the tunnel closed now (key revoked or capped,
  /// wallet empty, session discarded), at once if it already has. It runs on an actor's thread
  /// and must only post to the relay's executor. Nothing travels for a tunnel that just ends:
  /// unwatch_tunnel then.
  virtual void watch_tunnel(const tunnel_ref& ref, std::function<void(tunnel_closure)> on_close)
    = 0;
  virtual void unwatch_tunnel(const tunnel_ref& ref) = 0;
  /// Nothing could be reached through this node: it is skipped for `node_cooldown` from its
  /// first failure (NodeDown). Completes once that is durable and every open sees it, so a
  /// client told of the failure cannot get the node again by retrying. errc::not_found for a
  /// node not in the configuration.
  template <class Token>
  auto async_report_node_failure(const node_failure& failure, Token&& token) {
    return initiate<node_health_view>(&command_port::start_report_node_failure, failure, token);
  }

  /// How the gateway checks a node, when its cool-down ends and every `node_check_interval`
  /// while it is up: it calls `done` once, on any thread,
  /// with an empty string if the node works, or why it does not ("bind_failed",
  /// "upstream_failed", "target_unreachable"). It must not block: start the check and return.
  using node_probe
    = std::function<void(const std::string& node, std::function<void(std::string failure)> done)>;
  /// Set by the gateway while it runs; an empty function before it stops. Without a probe, a
  /// cool-down simply ends (NodeUp, "cooldown_over").
  virtual void set_node_probe(node_probe probe) = 0;

protected:
  virtual void start_authenticate_key(key_credentials, handler_of<api_key_view>) = 0;
  virtual void start_open_tunnel(open_tunnel, handler_of<tunnel_opened>) = 0;
  virtual void start_report_usage(usage_report, handler_of<grant_renewal>) = 0;
  virtual void start_release_session(release_session, handler_of<session_view>) = 0;
  virtual void start_report_node_failure(node_failure, handler_of<node_health_view>) = 0;
  virtual void start_create_account(create_account, handler_of<account_view>) = 0;
  virtual void start_get_account(std::string, handler_of<account_view>) = 0;
  virtual void start_credit_wallet(credit_wallet, handler_of<account_view>) = 0;
  virtual void start_adjust_wallet(adjust_wallet, handler_of<account_view>) = 0;
  virtual void start_credit_balance(credit_balance, handler_of<account_view>) = 0;
  virtual void start_debit_balance(debit_balance, handler_of<account_view>) = 0;
  virtual void start_mint_api_key(mint_api_key, handler_of<minted_api_key>) = 0;
  virtual void start_get_api_key(api_key_ref, handler_of<api_key_view>) = 0;
  virtual void start_revoke_api_key(api_key_ref, handler_of<api_key_view>) = 0;
  virtual void start_set_api_key_quota(set_api_key_quota, handler_of<api_key_view>) = 0;
  virtual void start_primary_key(std::string, handler_of<minted_api_key>) = 0;
  virtual void start_create_checkout(create_checkout, handler_of<checkout_view>) = 0;
  virtual void start_get_checkout(checkout_ref, handler_of<checkout_view>) = 0;
  virtual void start_confirm_checkout(std::string, handler_of<checkout_view>) = 0;
  virtual void start_register_webhook(register_webhook, handler_of<registered_webhook>) = 0;
  virtual void start_delete_webhook(webhook_ref, handler_of<webhook_view>) = 0;
  virtual void start_redeliver_webhook(redeliver_webhook, handler_of<redelivery_view>) = 0;
  virtual void start_create_order(create_order, handler_of<order_view>) = 0;
  virtual void start_get_order(order_ref, handler_of<order_view>) = 0;
  virtual void start_pay_order(order_ref, handler_of<paid_order>) = 0;
  virtual void start_list_proxies(std::string, handler_of<proxy_list>) = 0;
  virtual void start_get_proxy(proxy_ref, handler_of<proxy_view>) = 0;
  virtual void start_disconnect_proxy(proxy_ref, handler_of<proxy_view>) = 0;
  virtual void start_connect_proxy(connect_proxy, handler_of<proxy_view>) = 0;
  virtual void start_reset_proxy(reset_proxy, handler_of<reset_outcome>) = 0;
  virtual void start_set_fingerprint(set_fingerprint, handler_of<proxy_view>) = 0;
  virtual void start_report_lease_usage(lease_usage_batch, handler_of<bool>) = 0;

private:
  template <class T, class Arg, class Token>
  auto initiate(void (command_port::*start)(Arg, handler_of<T>), const Arg& arg, Token& token) {
    // The argument travels by pointer, not as an initiation argument: GCC 12 corrupts class-type
    // arguments that Asio's use_awaitable initiation copies into its coroutine frame
    // (chriskohlhoff/asio#1007). The initiation runs exactly once and takes ownership back.
    auto* pending = new Arg(arg);
    return boost::asio::async_initiate<Token, void(std::error_code, T)>(
      [this, start, pending](auto handler) {
        std::unique_ptr<Arg> owned(pending);
        (this->*start)(std::move(*owned), std::move(handler));
      },
      token);
  }
};

} // namespace sluice::actors
