"""Shared helpers for the reseller API end-to-end tests (test_reseller_*.py): a catalogue of
two locations and three exit nodes, an account with an `rv_` key, and the operator's money
credit."""
from b2b_client import ADMIN_TOKEN, CONFIG, Api, new_account

# LAX has two nodes, NYC one. Product 1 is private (one lease per node) at LAX then NYC; product
# 2 is shared (ten leases per node) at NYC only. One "hour" lasts 2 s unless a test says.
CATALOGUE = """
currency = "USD"
[dedicated]
public_host = "proxy.example.test"
ports = "{ports}"
period_unit = "{period_unit}"
[[locations]]
id = "LAX"
name = "Los Angeles"
[[locations]]
id = "NYC"
name = "New York"
is_5g = true
[[products]]
id = 1
name = "Multi Hop Proxy"
description = "Premium multi-hop mobile proxy"
locations = ["LAX", "NYC"]
[[products.pricing]]
id = 1
label = "1 Hour"
price = "10.00"
period_type = "hour"
period_duration = 1
[[products.pricing]]
id = 2
label = "24 Hour"
price = "20.00"
period_type = "day"
period_duration = 1
[[products]]
id = 2
name = "Shared NYC"
connection_type = "shared"
max_leases = 10
locations = ["NYC"]
[[products.pricing]]
id = 3
label = "1 Hour"
price = "1.50"
period_type = "hour"
period_duration = 1
[[exit_nodes]]
id = "lax-1"
location = "LAX"
kind = "direct"
bind = "127.0.0.4"
[[exit_nodes]]
id = "lax-2"
location = "LAX"
kind = "direct"
bind = "127.0.0.5"
[[exit_nodes]]
id = "nyc-1"
location = "NYC"
kind = "direct"
bind = "127.0.0.6"
"""


def reseller_config(period_unit="1h", ports="21000-21099"):
    """The catalogue above; lease ports from `ports` on 127.0.0.1 (each test file its own range,
    since ctest runs files side by side); targets on loopback allowed (tests' own servers)."""
    config = CONFIG.replace("[auth]\n", CATALOGUE.format(period_unit=period_unit, ports=ports)
                            + "[auth]\n", 1)
    return config.replace("[socks]\n", "[socks]\nallow_private_destinations = true\n", 1)


class Reseller:
    """A signed-up account with an `rv_` key minted by its JWT (seed 001 "Create an API key in
    Dashboard")."""

    def __init__(self, api):
        self.api = api
        self.account = new_account(api)
        self.customer_id = self.account.customer_id
        minted = self.account.ok("POST", "/v1/b2b/api-keys",
                                 {"label": "reseller", "family": "reseller"}, status=201)
        self.key = minted["key"]

    def call(self, method, path, body=None):
        return self.api.call(method, "/v1/reseller" + path, self.key,
                             **({} if body is None else {"json": body}))

    def ok(self, method, path, body=None, status=200):
        r = self.call(method, path, body)
        if r.status_code != status:
            raise AssertionError(f"{method} {path}: {r.status_code} {r.text!r}, "
                                 f"expected {status}")
        return r.json()

    def credit(self, amount):
        return self.api.ok("POST", f"/v1/admin/accounts/{self.customer_id}/balance/credit",
                           ADMIN_TOKEN, {"amount": amount})

    def order(self, product_id=1, pricing_id=1):
        return self.ok("POST", "/orders", {"product_id": product_id, "pricing_id": pricing_id},
                       status=201)

    def buy(self, product_id=1, pricing_id=1):
        order = self.order(product_id, pricing_id)
        self.ok("POST", f"/orders/{order['id']}/pay")
        return self.ok("GET", f"/orders/{order['id']}")


__all__ = ["Api", "Reseller", "reseller_config", "ADMIN_TOKEN"]
