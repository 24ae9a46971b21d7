"""The reseller API's purchase path (seed 001, issue #21): keys, balance, products, orders paid
from the money balance once, sold-out, proxies with their credentials, expiry (also across a
restart), tenant isolation, the rate limit, and `sluice verify` / `replay` after all of it."""
import concurrent.futures
import os
import re
import subprocess
import tempfile
import time
import unittest

from b2b_client import ADMIN_TOKEN, Api, new_account
from harness import Server, run
from reseller_client import Reseller, reseller_config

SEED_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"


class ResellerPurchaseTest(unittest.TestCase):
    def setUp(self):
        self.server = Server(config_text=reseller_config())
        self.api = Api(self.server.base)
        self.r = Reseller(self.api)

    def tearDown(self):
        self.server.close()

    def balance(self):
        return self.r.ok("GET", "/balance")

    def test_the_seeds_three_step_purchase_with_curl(self):
        self.r.credit("150.00")
        curl = ["curl", "-sS", "-H", f"Authorization: Bearer {self.r.key}"]
        base = self.server.base + "/v1/reseller"
        products = subprocess.run(curl + [base + "/products"], capture_output=True, text=True,
                                  check=True, timeout=30)
        self.assertIn('"Multi Hop Proxy"', products.stdout)
        created = subprocess.run(curl + ["-X", "POST", "-H", "Content-Type: application/json",
                                         "-d", '{"product_id": 1, "pricing_id": 2}',
                                         "-w", "\n%{http_code}", base + "/orders"],
                                 capture_output=True, text=True, check=True, timeout=30)
        body, status = created.stdout.rsplit("\n", 1)
        self.assertEqual(status, "201", body)
        order_id = int(re.search(r'"id":(\d+)', body).group(1))
        paid = subprocess.run(curl + ["-X", "POST", "-w", "\n%{http_code}",
                                      f"{base}/orders/{order_id}/pay"],
                              capture_output=True, text=True, check=True, timeout=30)
        body, status = paid.stdout.rsplit("\n", 1)
        self.assertEqual(status, "200", body)
        self.assertEqual(body, f'{{"order_id":{order_id},"status":"paid","new_balance":"130.00"}}')

    def test_products_balance_and_an_order_in_the_seeds_shapes(self):
        self.assertEqual(self.balance(), {"balance": "0.00", "currency": "USD"})
        products = self.r.ok("GET", "/products")["products"]
        self.assertEqual(products[0], {
            "id": 1, "name": "Multi Hop Proxy", "description": "Premium multi-hop mobile proxy",
            "pricing": [
                {"id": 1, "label": "1 Hour", "price": "10.00", "period_type": "hour",
                 "period_duration": 1},
                {"id": 2, "label": "24 Hour", "price": "20.00", "period_type": "day",
                 "period_duration": 1}]})
        self.assertEqual([p["id"] for p in products], [1, 2])
        order = self.r.order(1, 2)
        self.assertRegex(order.pop("created_at"), SEED_TIME)
        self.assertIsInstance(order.pop("id"), int)
        self.assertEqual(order, {"product_name": "Multi Hop Proxy", "pricing_label": "24 Hour",
                                 "amount_usd": "20.00", "status": "pending_payment"})

    def test_paying_debits_once_and_provisions_a_proxy(self):
        self.r.credit("25.00")
        order = self.r.order(1, 1)
        paid = self.r.ok("POST", f"/orders/{order['id']}/pay")
        self.assertEqual(paid, {"order_id": order["id"], "status": "paid",
                                "new_balance": "15.00"})
        again = self.r.call("POST", f"/orders/{order['id']}/pay")
        self.assertEqual((again.status_code, again.json()),
                         (409, {"detail": "Order is not pending payment"}))
        self.assertEqual(self.balance()["balance"], "15.00")
        shown = self.r.ok("GET", f"/orders/{order['id']}")
        self.assertEqual(shown["status"], "active")
        self.assertRegex(shown["expires_at"], SEED_TIME)
        proxies = self.r.ok("GET", "/proxies")["proxies"]
        self.assertEqual(len(proxies), 1)
        proxy = proxies[0]
        self.assertEqual(proxy["id"], shown["proxy_id"])
        self.assertEqual((proxy["ip"], proxy["location_id"], proxy["status"]),
                         ("proxy.example.test", "LAX", "active"))
        self.assertTrue(21000 <= proxy["port"] <= 21099)
        self.assertRegex(proxy["password"], r"^[A-Za-z0-9]{12,}$")
        self.assertRegex(proxy["name"], r"^[0-9A-F]{4}-\d{4}-\d{2}-\d{2}$")
        self.assertEqual(proxy["expires_at"], shown["expires_at"])
        self.assertEqual(self.r.ok("GET", f"/proxies/{proxy['id']}"), proxy)
        self.assertEqual(self.r.ok("GET", f"/proxies/{proxy['id']}/locations"),
                         {"locations": [{"id": "LAX", "name": "Los Angeles", "is_5g": False},
                                        {"id": "NYC", "name": "New York", "is_5g": True}]})

    def test_402_leaves_balance_and_order_unchanged(self):
        self.r.credit("5.00")
        order = self.r.order(1, 1)
        r = self.r.call("POST", f"/orders/{order['id']}/pay")
        self.assertEqual((r.status_code, r.json()), (402, {"detail": "Insufficient balance"}))
        self.assertEqual(self.balance()["balance"], "5.00")
        self.assertEqual(self.r.ok("GET", f"/orders/{order['id']}")["status"], "pending_payment")
        self.assertEqual(self.r.ok("GET", "/proxies"), {"proxies": []})

    def test_concurrent_pays_of_one_order_debit_once(self):
        self.r.credit("100.00")
        order = self.r.order(1, 1)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            codes = sorted(pool.map(
                lambda _: self.r.call("POST", f"/orders/{order['id']}/pay").status_code,
                range(8)))
        self.assertEqual(codes, [200] + [409] * 7)
        self.assertEqual(self.balance()["balance"], "90.00")

    def test_ten_concurrent_pays_racing_a_balance_for_three(self):
        self.r.credit("4.50")  # Three shared leases at 1.50; the node has room for ten.
        orders = [self.r.order(2, 3)["id"] for _ in range(10)]
        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            codes = list(pool.map(
                lambda i: self.r.call("POST", f"/orders/{i}/pay").status_code, orders))
        self.assertEqual(sorted(codes), [200] * 3 + [402] * 7)
        self.assertEqual(self.balance()["balance"], "0.00")
        listed = self.r.ok("GET", "/orders")
        statuses = sorted(o["status"] for o in listed["orders"])
        self.assertEqual(statuses, ["active"] * 3 + ["pending_payment"] * 7)
        proxies = self.r.ok("GET", "/proxies")["proxies"]
        self.assertEqual(len({p["port"] for p in proxies}), 3)
        self.assertEqual({p["location_id"] for p in proxies}, {"NYC"})

    def test_sold_out_when_every_node_is_leased(self):
        self.r.credit("100.00")
        for _ in range(3):
            self.r.buy(1, 1)
        proxies = self.r.ok("GET", "/proxies")["proxies"]
        self.assertEqual(sorted(p["location_id"] for p in proxies), ["LAX", "LAX", "NYC"])
        self.assertEqual(len({p["port"] for p in proxies}), 3)
        r = self.r.call("POST", "/orders", {"product_id": 1, "pricing_id": 1})
        self.assertEqual((r.status_code, r.json()), (409, {"detail": "Sold out"}))
        # The shared product is at NYC, whose only node holds a private lease: sold out too.
        r = self.r.call("POST", "/orders", {"product_id": 2, "pricing_id": 3})
        self.assertEqual((r.status_code, r.json()), (409, {"detail": "Sold out"}))
        self.assertEqual(self.balance()["balance"], "70.00")

    def test_sold_out_is_checked_again_at_pay_before_debiting(self):
        self.r.credit("100.00")
        pending = [self.r.order(1, 1)["id"] for _ in range(4)]
        for order_id in pending[:3]:
            self.r.ok("POST", f"/orders/{order_id}/pay")
        r = self.r.call("POST", f"/orders/{pending[3]}/pay")
        self.assertEqual((r.status_code, r.json()), (409, {"detail": "Sold out"}))
        self.assertEqual(self.balance()["balance"], "70.00")

    def test_orders_list_newest_first_with_filters_and_total(self):
        self.r.credit("10.00")
        ids = [self.r.order(1, 1)["id"] for _ in range(3)]
        self.assertEqual(ids, sorted(ids))
        self.r.ok("POST", f"/orders/{ids[1]}/pay")
        listed = self.r.ok("GET", "/orders")
        self.assertEqual(([o["id"] for o in listed["orders"]], listed["total"]),
                         (ids[::-1], 3))
        pending = self.r.ok("GET", "/orders?status=pending_payment&limit=1&offset=1")
        self.assertEqual(([o["id"] for o in pending["orders"]], pending["total"]), ([ids[0]], 2))
        active = self.r.ok("GET", "/orders?status=active")["orders"]
        self.assertEqual([o["id"] for o in active], [ids[1]])
        self.assertIn("proxy_id", active[0])
        for query in ("status=done", "limit=-1", "limit=x", "offset=1.5"):
            with self.subTest(query=query):
                self.assertEqual(self.r.call("GET", f"/orders?{query}").status_code, 400)

    def test_bad_orders_are_400_or_404_and_create_nothing(self):
        for body, field in (({"pricing_id": 1}, "product_id"), ({"product_id": 1}, "pricing_id"),
                            ({"product_id": "1", "pricing_id": 1}, "product_id"),
                            ({"product_id": 1, "pricing_id": 0}, "pricing_id")):
            with self.subTest(body=body):
                r = self.r.call("POST", "/orders", body)
                self.assertEqual(r.status_code, 400, r.text)
                self.assertTrue(r.json()["detail"].startswith(field), r.text)
        for body in ({"product_id": 9, "pricing_id": 1}, {"product_id": 2, "pricing_id": 1}):
            with self.subTest(body=body):
                self.assertEqual(self.r.call("POST", "/orders", body).status_code, 404)
        self.assertEqual(self.r.ok("GET", "/orders"), {"orders": [], "total": 0})

    def test_another_accounts_ids_answer_404(self):
        self.r.credit("20.00")
        order = self.r.buy(1, 1)
        other = Reseller(self.api)
        other.credit("20.00")
        for method, path in (("GET", f"/orders/{order['id']}"),
                             ("POST", f"/orders/{order['id']}/pay"),
                             ("GET", f"/proxies/{order['proxy_id']}"),
                             ("GET", f"/proxies/{order['proxy_id']}/locations"),
                             ("GET", "/orders/999999"), ("GET", "/proxies/999999"),
                             ("GET", "/orders/abc"), ("DELETE", "/keys/1")):
            with self.subTest(path=path):
                r = other.call(method, path)
                self.assertEqual(r.status_code, 404, r.text)
        self.assertEqual(other.ok("GET", "/proxies"), {"proxies": []})
        self.assertEqual(other.ok("GET", "/balance")["balance"], "20.00")

    def test_keys_are_numbered_listed_and_revoked(self):
        first = self.r.ok("GET", "/keys")["keys"]
        self.assertEqual(len(first), 1)
        self.assertEqual(first[0]["name"], "reseller")
        self.assertIsNone(first[0]["last_used_at"])
        minted = self.r.ok("POST", "/keys", {"name": "production"}, status=201)
        self.assertEqual(set(minted), {"id", "name", "key", "created_at"})
        self.assertTrue(minted["key"].startswith("rv_"))
        self.assertGreater(minted["id"], first[0]["id"])
        self.assertRegex(minted["created_at"], SEED_TIME)
        ids = [k["id"] for k in self.r.ok("GET", "/keys")["keys"]]
        self.assertEqual(sorted(ids), sorted([first[0]["id"], minted["id"]]))
        self.assertEqual(self.api.get("/v1/reseller/balance", minted["key"]).status_code, 200)
        self.assertEqual(self.r.ok("DELETE", f"/keys/{minted['id']}"),
                         {"detail": "API key revoked"})
        self.assertEqual(self.api.get("/v1/reseller/balance", minted["key"]).status_code, 401)
        self.assertEqual(self.r.call("DELETE", f"/keys/{minted['id']}").status_code, 404)
        self.assertEqual([k["id"] for k in self.r.ok("GET", "/keys")["keys"]], [first[0]["id"]])
        self.assertEqual(self.r.call("POST", "/keys", {}).status_code, 400)

    def test_credentials_of_other_faces_are_401_and_the_jwt_is_accepted(self):
        sk = self.r.account.mint("gateway")["key"]
        for token in (sk, "rv_nonsense", ADMIN_TOKEN, None):
            with self.subTest(token=token):
                self.assertEqual(self.api.get("/v1/reseller/balance", token).status_code, 401)
        self.assertEqual(self.api.get("/v1/reseller/balance", self.r.account.token).status_code,
                         200)

    def test_the_61st_request_in_a_minute_is_429_with_retry_after(self):
        key = self.r.ok("POST", "/keys", {"name": "limited"}, status=201)["key"]
        for _ in range(60):
            self.assertEqual(self.api.get("/v1/reseller/balance", key).status_code, 200)
        r = self.api.get("/v1/reseller/balance", key)
        self.assertEqual((r.status_code, r.json()), (429, {"detail": "Rate limit exceeded"}))
        self.assertTrue(1 <= int(r.headers["Retry-After"]) <= 60)
        # Another key of the same account has its own window; a limited request did nothing.
        self.assertEqual(self.r.call("GET", "/balance").status_code, 200)
        limited = self.api.post("/v1/reseller/orders", {"product_id": 1, "pricing_id": 1}, key)
        self.assertEqual(limited.status_code, 429)
        self.assertEqual(self.r.ok("GET", "/orders")["total"], 0)


class ResellerNextMinuteTest(unittest.TestCase):
    """The window slides: 60 s after the first request, the key is served again."""

    def test_the_next_minute_is_served(self):
        server = Server(config_text=reseller_config())
        try:
            r = Reseller(Api(server.base))
            start = time.monotonic()
            for _ in range(60):
                r.ok("GET", "/balance")
            self.assertEqual(r.call("GET", "/balance").status_code, 429)
            time.sleep(max(0.0, 61 - (time.monotonic() - start)))
            self.assertEqual(r.call("GET", "/balance").status_code, 200)
        finally:
            server.close()


class ResellerExpiryTest(unittest.TestCase):
    """A lease of one "hour" with period_unit = "2s" lasts 2 s."""

    def test_a_lease_expires_on_time_and_across_a_restart(self):
        tmp = tempfile.TemporaryDirectory(prefix="sluice_reseller_")
        self.addCleanup(tmp.cleanup)
        data_dir = os.path.join(tmp.name, "data")
        server = Server(data_dir=data_dir, config_text=reseller_config(period_unit="2s"))
        try:
            r = Reseller(Api(server.base))
            r.credit("30.00")
            first = r.buy(1, 1)
            self.assertEqual(len(r.ok("GET", "/proxies")["proxies"]), 1)
            deadline = time.monotonic() + 10
            while r.ok("GET", f"/orders/{first['id']}")["status"] != "expired":
                self.assertLess(time.monotonic(), deadline, "the lease did not expire")
                time.sleep(0.2)
            self.assertEqual(r.ok("GET", "/proxies"), {"proxies": []})
            self.assertEqual(r.call("GET", f"/proxies/{first['proxy_id']}").status_code, 404)
            # A second lease whose end passes while sluice is down expires at the next start.
            second = r.buy(1, 1)
            key = r.key
            server.close()
            time.sleep(2.5)
            server = Server(data_dir=data_dir, config_text=reseller_config(period_unit="2s"))
            api = Api(server.base)
            deadline = time.monotonic() + 5
            while api.ok("GET", f"/v1/reseller/orders/{second['id']}", key)["status"] != "expired":
                self.assertLess(time.monotonic(), deadline, "not expired after the restart")
                time.sleep(0.2)
            self.assertEqual(api.ok("GET", "/v1/reseller/balance", key)["balance"], "10.00")
        finally:
            server.close()


class ResellerAuditTest(unittest.TestCase):
    """`sluice verify` is clean after purchases, and `replay` rebuilds the orders read model."""

    def test_verify_and_replay_after_purchases(self):
        tmp = tempfile.TemporaryDirectory(prefix="sluice_reseller_")
        self.addCleanup(tmp.cleanup)
        data_dir = os.path.join(tmp.name, "data")
        server = Server(data_dir=data_dir, config_text=reseller_config())
        try:
            r = Reseller(Api(server.base))
            r.credit("50.00")
            r.buy(1, 1)
            r.buy(1, 2)
            r.order(1, 1)
            before = r.ok("GET", "/orders")
        finally:
            server.close()
        verified = run(["verify", "--data-dir", data_dir])
        self.assertEqual(verified.returncode, 0, verified.stdout + verified.stderr)
        replayed = run(["replay", "--data-dir", data_dir])
        self.assertEqual(replayed.returncode, 0, replayed.stdout + replayed.stderr)
        server = Server(data_dir=data_dir, config_text=reseller_config())
        try:
            after = Api(server.base).ok("GET", "/v1/reseller/orders", r.key)
            self.assertEqual(after, before)
        finally:
            server.close()


if __name__ == "__main__":
    unittest.main()
