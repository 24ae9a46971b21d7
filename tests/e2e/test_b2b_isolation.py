"""Two accounts on one server never see or touch each other's keys, webhooks, payments or usage:
another account's object ids are 404 (as if they did not exist), lists and reports leave them
out, and nothing the other account tries changes them."""
import os
import tempfile
import unittest

from b2b_client import CONFIG, Api, at, days_ago, metered, new_account, restart
from harness import Server

NOT_FOUND = (404, {"detail": "Not Found"})
DAY = days_ago(2)


class IsolationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="sluice_e2e_isolation_")
        server = Server(data_dir=os.path.join(cls.tmp.name, "data"), config_text=CONFIG)
        api = Api(server.base)
        a, b = new_account(api), new_account(api)
        api.credit(a.customer_id, 5_000_000_000)  # Stays over 1 GB: no balance.low.
        cls.key = a.mint("a-key", 5)
        cls.hook = a.webhook("https://93.184.216.34/a-hook")
        cls.checkout = a.checkout("10.00")
        cls.password = a.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        status, cls.server = restart(server, events=[
            metered(a.customer_id, cls.key["id"], at(DAY, "08:30"), 400, 600, "uk", "bbc")])
        assert status == 0, status
        cls.api = Api(cls.server.base)
        for account in (a, b):
            account.api = cls.api
            account.relogin()
        cls.a, cls.b = a, b

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.tmp.cleanup()

    def as_b(self, method, path, *body):
        r = self.api.call(method, path, self.b.token, *body)
        return r.status_code, r.json()

    def test_keys(self):
        key_id = self.key["id"]
        self.assertNotIn(key_id, [k["id"] for k in self.b.keys()])
        self.assertEqual(self.as_b("POST", f"/v1/b2b/api-keys/{key_id}/quota",
                                   {"quota_gb": None, "reset_used": True}), NOT_FOUND)
        self.assertEqual(self.as_b("DELETE", f"/v1/b2b/api-keys/{key_id}"), NOT_FOUND)
        mine = self.a.key(key_id)
        self.assertEqual((mine["quota_gb"], mine["used_bytes"], mine["revoked"]), (5, 1000, False))
        # A key authenticates as its own account only.
        self.assertEqual(self.api.ok("GET", "/v1/b2b/me", self.key["key"])["customer_id"],
                         self.a.customer_id)
        self.assertEqual(self.api.ok("GET", "/v1/b2b/me", self.password)["customer_id"],
                         self.a.customer_id)
        self.assertNotEqual(self.b.ok("GET", "/v1/b2b/tunnel-credential")["password"],
                            self.password)

    def test_webhooks(self):
        self.assertEqual(self.b.ok("GET", "/v1/b2b/webhooks"), {"webhooks": []})
        self.assertEqual(self.as_b("DELETE", f"/v1/b2b/webhooks/{self.hook['id']}"), NOT_FOUND)
        self.assertEqual([h["id"] for h in self.a.ok("GET", "/v1/b2b/webhooks")["webhooks"]],
                         [self.hook["id"]])

    def test_payments(self):
        checkout_id = self.checkout["checkout_id"]
        self.assertEqual(self.as_b("GET", f"/v1/b2b/payments/{checkout_id}"), NOT_FOUND)
        self.assertEqual(self.a.ok("GET", f"/v1/b2b/payments/{checkout_id}")["checkout_id"],
                         checkout_id)
        # Confirming A's checkout credits A, never B.
        before = self.a.me()["balance_bytes"]
        confirmed = self.api.confirm(checkout_id)
        self.assertEqual(confirmed["customer_id"], self.a.customer_id)
        self.assertEqual(self.a.me()["balance_bytes"], before + 666666666666)
        self.assertEqual(self.b.me()["balance_bytes"], 0)
        self.assertEqual(self.as_b("GET", f"/v1/b2b/payments/{checkout_id}"), NOT_FOUND)

    def test_usage(self):
        window = {"from": DAY, "to": DAY}
        expected = {"bytes_up": 400, "bytes_down": 600, "bytes": 1000}
        self.assertEqual(self.a.ok("GET", "/v1/b2b/usage", params=window),
                         {"usage": [{"date": DAY.isoformat(), **expected}]})
        for suffix, params in (("", window), ("/by-country", {}), ("/by-service", {}),
                               ("/timeseries", {"granularity": "day", **window})):
            with self.subTest(suffix=suffix):
                field = "points" if suffix == "/timeseries" else "usage"
                path = "/v1/b2b/usage" + suffix
                self.assertEqual(self.b.ok("GET", path, params=params), {field: []})
                self.assertEqual(self.b.ok("GET", path, status=404,
                                           params={**params, "key_id": self.key["id"]}),
                                 {"detail": "key_id: no such API key"})
        self.assertEqual(self.a.ok("GET", "/v1/b2b/usage/by-country"),
                         {"usage": [{"country": "uk", **expected}]})


if __name__ == "__main__":
    unittest.main()
