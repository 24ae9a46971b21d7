// The reseller REST API, /v1/reseller/* (seed 001), one file per group of routes.
#pragma once

#include "http/api/api_context.hpp"
#include "http/server/router.hpp"

namespace sluice::http {

/// keys: mint, list, revoke (`rv_` keys, numbered).
void add_reseller_key_routes(router& routes, api_context& ctx);
/// balance and products.
void add_reseller_catalogue_routes(router& routes, api_context& ctx);
/// orders: create, list, get, pay.
void add_reseller_order_routes(router& routes, api_context& ctx);
/// proxies: list, get, locations.
void add_reseller_proxy_routes(router& routes, api_context& ctx);
/// proxies/{id}/connect, disconnect, reset, fingerprint.
void add_reseller_proxy_action_routes(router& routes, api_context& ctx);

inline void add_reseller_routes(router& routes, api_context& ctx) {
  add_reseller_key_routes(routes, ctx);
  add_reseller_catalogue_routes(routes, ctx);
  add_reseller_order_routes(routes, ctx);
  add_reseller_proxy_routes(routes, ctx);
  add_reseller_proxy_action_routes(routes, ctx);
}

} // namespace sluice::http
