// The gateway's B2B REST API, /v1/b2b/* (seed 000 §08), one file per group of routes.
#pragma once

#include "http/api/api_context.hpp"
#include "http/server/router.hpp"

namespace sluice::http {

/// signup, login, me, countries, tunnel-credential.
void add_account_routes(router& routes, api_context& ctx);
/// api-keys: list, mint, quota, revoke.
void add_key_routes(router& routes, api_context& ctx);
/// usage, usage/by-country, usage/by-service, usage/timeseries.
void add_usage_routes(router& routes, api_context& ctx);
/// payments/checkout and the checkout's status.
void add_payment_routes(router& routes, api_context& ctx);
/// webhooks: list, register, delete.
void add_webhook_routes(router& routes, api_context& ctx);
/// webhooks/{id}/deliveries and .../deliveries/{delivery_id}/redeliver.
void add_webhook_delivery_routes(router& routes, api_context& ctx);

/// ledger: the billing history, JSON pages or a CSV stream.
void add_ledger_routes(router& routes, api_context& ctx);

/// proxy/rotate, proxy/discard, proxy/assigned.
void add_proxy_routes(router& routes, api_context& ctx);

inline void add_b2b_routes(router& routes, api_context& ctx) {
  add_account_routes(routes, ctx);
  add_key_routes(routes, ctx);
  add_usage_routes(routes, ctx);
  add_payment_routes(routes, ctx);
  add_webhook_routes(routes, ctx);
  add_webhook_delivery_routes(routes, ctx);
  add_proxy_routes(routes, ctx);
  add_ledger_routes(routes, ctx);
}

} // namespace sluice::http
