"""What the B2B API acknowledged is durable: every piece of account state survives a clean restart
(and `sluice replay` then finds the rebuilt projections equal to the live ones), and a payment
confirmation and a key mint survive a kill -9 right after they were answered."""
import os
import signal
import tempfile
import unittest

from b2b_client import (ADMIN_TOKEN, CONFIG, Api, at, days_ago, metered, new_account,
                        restart)
from harness import Server, run

DAY = days_ago(2)
TOP_UP = 666666666666  # "10.00" at 15.00 per TB.


def snapshot(account, checkout_ids):
    """Everything the account can read about itself, in a form two servers can compare."""
    return {
        "me": account.me(),
        "admin": account.api.ok("GET", f"/v1/admin/accounts/{account.customer_id}",
                                ADMIN_TOKEN),
        "keys": sorted(account.keys(), key=lambda k: k["id"]),
        "webhooks": sorted(account.ok("GET", "/v1/b2b/webhooks")["webhooks"],
                           key=lambda h: h["id"]),
        "usage": account.ok("GET", "/v1/b2b/usage"),
        "by_country": account.ok("GET", "/v1/b2b/usage/by-country"),
        "by_service": account.ok("GET", "/v1/b2b/usage/by-service"),
        "hourly": account.ok("GET", "/v1/b2b/usage/timeseries",
                             params={"granularity": "hour", "from": DAY, "to": DAY}),
        "payments": [account.ok("GET", f"/v1/b2b/payments/{c}") for c in checkout_ids],
        # The gateway listens on port 0 in tests, so only the port may differ after a restart.
        "credential": {k: v for k, v in account.ok("GET", "/v1/b2b/tunnel-credential").items()
                       if k not in ("port", "url")},
    }


class RestartTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="sluice_e2e_restart_")
        self.data_dir = os.path.join(self.tmp.name, "data")
        self.server = Server(data_dir=self.data_dir, config_text=CONFIG)
        self.api = Api(self.server.base)

    def tearDown(self):
        self.server.close()
        self.tmp.cleanup()

    def restart(self, account, **kwargs):
        status, self.server = restart(self.server, **kwargs)
        self.api = Api(self.server.base)
        account.api = self.api
        account.relogin()  # Logging in still works.
        return status

    def replay(self):
        self.assertEqual(self.server.stop(), 0)
        r = run(["replay", "--data-dir", self.data_dir], timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("projections equal", r.stdout)

    def test_all_state_survives_a_clean_restart_and_replays_equal(self):
        a = new_account(self.api)
        checkout_id = a.checkout("10.00")["checkout_id"]
        checkout_ids = [checkout_id, a.checkout("5.00")["checkout_id"]]
        self.api.confirm(checkout_id)
        capped = a.mint("capped", 50)
        a.ok("POST", f"/v1/b2b/api-keys/{capped['id']}/quota", {"quota_gb": 100})
        gone = a.mint("gone")
        a.ok("DELETE", f"/v1/b2b/api-keys/{gone['id']}")
        hook = a.webhook("https://93.184.216.34/hook", ["balance.low", "balance.empty"])
        password = a.ok("GET", "/v1/b2b/tunnel-credential")["password"]

        self.assertEqual(self.restart(a, events=[
            metered(a.customer_id, capped["id"], at(DAY, "14:20"), 300, 700, "de", "dazn")]), 0)
        first = snapshot(a, checkout_ids)
        self.assertEqual((first["me"]["balance_bytes"], first["me"]["needs_topup"]),
                         (TOP_UP - 1000, False))
        self.assertEqual(first["admin"]["balance_bytes"], TOP_UP - 1000)
        keys = {k["label"]: k for k in first["keys"]}
        self.assertEqual(sorted(keys), ["capped", "gone", "primary"])
        self.assertEqual((keys["capped"]["quota_gb"], keys["capped"]["used_bytes"],
                          keys["capped"]["revoked"], keys["capped"]["last_used_at"]),
                         (100, 1000, False, at(DAY, "14:20")))
        self.assertEqual((keys["gone"]["revoked"], keys["primary"]["revoked"]), (True, False))
        self.assertEqual(first["webhooks"], [{k: hook[k] for k in ("id", "url", "events", "active",
                                                                   "created_at")}])
        row = {"bytes_up": 300, "bytes_down": 700, "bytes": 1000}
        self.assertEqual(first["usage"], {"usage": [{"date": DAY.isoformat(), **row}]})
        self.assertEqual(first["by_country"], {"usage": [{"country": "de", **row}]})
        self.assertEqual(first["by_service"], {"usage": [{"service": "dazn", **row}]})
        self.assertEqual(first["hourly"], {"points": [{"ts": at(DAY, "14:00"), **row}]})
        self.assertEqual([(p["status"], p["bytes"]) for p in first["payments"]],
                         [("completed", TOP_UP), ("pending", 333333333333)])
        self.assertEqual(first["credential"]["password"], password)

        self.assertEqual(self.restart(a), 0)
        self.assertEqual(snapshot(a, checkout_ids), first)
        # The secrets minted before the restarts still authenticate; the revoked one does not.
        for secret, status in ((password, 200), (capped["key"], 200), (gone["key"], 401)):
            self.assertEqual(self.api.get("/v1/b2b/me", secret).status_code, status)
        self.assertEqual(self.api.post("/v1/b2b/signup", {"email": a.email.upper(),
                                                          "password": a.password}).status_code,
                         409)
        self.replay()

    def test_a_confirmed_payment_and_a_minted_key_survive_kill_9(self):
        a = new_account(self.api)
        checkout_id = a.checkout("100.00")["checkout_id"]
        confirmed = self.api.confirm(checkout_id)
        key = a.mint("durable", 0.001)
        self.assertEqual(self.restart(a, sig=signal.SIGKILL), -signal.SIGKILL)

        me = a.me()
        self.assertEqual((me["balance_bytes"], me["needs_topup"]), (8333333333333, False))
        listed = a.key(key["id"])
        self.assertEqual(listed, {k: v for k, v in key.items() if k != "key"})
        self.assertEqual(self.api.ok("GET", "/v1/b2b/me", key["key"])["customer_id"],
                         a.customer_id)
        payment = a.ok("GET", f"/v1/b2b/payments/{checkout_id}")
        self.assertEqual((payment["status"], payment["completed_at"]),
                         ("completed", confirmed["completed_at"]))
        # Confirming again after the crash changes nothing.
        self.assertEqual(self.api.confirm(checkout_id), confirmed)
        self.assertEqual(a.me()["balance_bytes"], 8333333333333)
        self.replay()


if __name__ == "__main__":
    unittest.main()
