"""Usage reports from BytesMetered events: daily, by country, by service, as a time series, per
key; the wallet debit and the keys' tallies; and that one account never sees another's usage.

The events are written with the append_events tool while the server is stopped, at fixed times
two and three days ago (inside the default 30-day range)."""
import os
import tempfile
import unittest
from datetime import timedelta

from b2b_client import CONFIG, Api, at, days_ago, metered, new_account, restart
from harness import Server

CREDIT = 5_000_000_000
METERED = 7600  # The sum of account A's events below.
DAY1, DAY2, TODAY = days_ago(3), days_ago(2), days_ago(0)


def row(up, down, **key):
    return {**key, "bytes_up": up, "bytes_down": down, "bytes": up + down}


class UsageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="sluice_e2e_usage_")
        server = Server(data_dir=os.path.join(cls.tmp.name, "data"), config_text=CONFIG)
        api = Api(server.base)
        a, b = new_account(api), new_account(api)
        for account in (a, b):
            api.credit(account.customer_id, CREDIT)
        k1, k2, k3 = (a.mint(label)["id"] for label in ("k1", "k2", "k3"))
        kb = b.mint("kb")["id"]
        ida, idb = a.customer_id, b.customer_id
        status, cls.server = restart(server, events=[
            metered(ida, k1, at(DAY1, "10:15"), 100, 900, "uk", "bbc", "t1", 1),
            metered(ida, k1, at(DAY1, "10:45"), 50, 450, "uk", "", "t1", 2),
            metered(ida, k2, at(DAY1, "11:05"), 200, 800, "de", "netflix", "t2", 1, "s2"),
            metered(ida, k2, at(DAY2, "09:00"), 1000, 4000, "uk", "bbc", "t3", 1, "s3"),
            metered(ida, k3, at(DAY2, "12:30"), 10, 90, "uk", "bbc", "t4", 1, "s4"),
            metered(idb, kb, at(DAY1, "10:20"), 1, 2, "de", "", "t5", 1),
        ])
        assert status == 0, status
        cls.api = Api(cls.server.base)
        for account in (a, b):
            account.api = cls.api
            account.relogin()
        cls.a, cls.b, cls.k1, cls.k2, cls.k3, cls.kb = a, b, k1, k2, k3, kb

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.tmp.cleanup()

    def usage(self, account, suffix="", **params):
        body = account.ok("GET", "/v1/b2b/usage" + suffix, params=params)
        return body["points"] if suffix == "/timeseries" else body["usage"]

    def assertDetail(self, r, status, *prefixes):
        self.assertEqual(r.status_code, status, r.text)
        body = r.json()
        self.assertEqual(set(body), {"detail"})
        self.assertTrue(body["detail"].startswith(prefixes), body)

    def test_daily_usage_over_the_default_30_days(self):
        self.assertEqual(self.usage(self.a), [
            row(350, 2150, date=DAY1.isoformat()), row(1010, 4090, date=DAY2.isoformat())])

    def test_from_and_to_are_inclusive_days(self):
        day1 = [row(350, 2150, date=DAY1.isoformat())]
        self.assertEqual(self.usage(self.a, **{"from": DAY1, "to": DAY1}), day1)
        self.assertEqual(self.usage(self.a, **{"from": DAY1 - timedelta(days=5), "to": DAY1}),
                         day1)
        self.assertEqual(self.usage(self.a, **{"from": DAY2, "to": TODAY}),
                         [row(1010, 4090, date=DAY2.isoformat())])
        self.assertEqual(self.usage(self.a, **{"from": TODAY - timedelta(days=1)}), [])
        self.assertEqual(self.usage(self.a, **{"from": DAY1 - timedelta(days=9),
                                               "to": DAY1 - timedelta(days=1)}), [])

    def test_by_country(self):
        self.assertEqual(self.usage(self.a, "/by-country"), [
            row(200, 800, country="de"), row(1160, 5440, country="uk")])

    def test_by_service_with_untagged_traffic_first(self):
        self.assertEqual(self.usage(self.a, "/by-service"), [
            row(50, 450, service=None), row(1110, 4990, service="bbc"),
            row(200, 800, service="netflix")])

    def test_hourly_timeseries(self):
        points = self.usage(self.a, "/timeseries", granularity="hour", **{"from": DAY1,
                                                                          "to": DAY2})
        self.assertEqual(points, [
            row(150, 1350, ts=at(DAY1, "10:00")), row(200, 800, ts=at(DAY1, "11:00")),
            row(1000, 4000, ts=at(DAY2, "09:00")), row(10, 90, ts=at(DAY2, "12:00"))])

    def test_daily_timeseries(self):
        points = self.usage(self.a, "/timeseries", granularity="day", **{"from": DAY1,
                                                                         "to": TODAY})
        self.assertEqual(points, [row(350, 2150, ts=at(DAY1, "00:00")),
                                  row(1010, 4090, ts=at(DAY2, "00:00"))])
        points = self.usage(self.a, "/timeseries", granularity="day", **{"from": DAY2,
                                                                         "to": DAY2})
        self.assertEqual(points, [row(1010, 4090, ts=at(DAY2, "00:00"))])

    def test_every_report_filters_by_key(self):
        self.assertEqual(self.usage(self.a, key_id=self.k1),
                         [row(150, 1350, date=DAY1.isoformat())])
        self.assertEqual(self.usage(self.a, "/by-country", key_id=self.k2),
                         [row(200, 800, country="de"), row(1000, 4000, country="uk")])
        self.assertEqual(self.usage(self.a, "/by-service", key_id=self.k3),
                         [row(10, 90, service="bbc")])
        self.assertEqual(self.usage(self.a, "/timeseries", granularity="hour", key_id=self.k1,
                                    **{"from": DAY1, "to": DAY2}),
                         [row(150, 1350, ts=at(DAY1, "10:00"))])

    def test_metering_debits_the_wallet_and_tallies_each_key(self):
        me = self.a.me()
        self.assertEqual((me["balance_bytes"], me["balance_gb"], me["needs_topup"]),
                         (CREDIT - METERED, 5.0, False))
        admin = self.api.ok("GET", f"/v1/admin/accounts/{self.a.customer_id}",
                            "adm_test_token_0123456789")
        self.assertEqual(admin["balance_bytes"], CREDIT - METERED)
        keys = {k["id"]: k for k in self.a.keys()}
        seen = {k: (keys[k]["used_bytes"], keys[k]["used_gb"], keys[k]["last_used_at"])
                for k in (self.k1, self.k2, self.k3)}
        self.assertEqual(seen, {self.k1: (1500, 0.0, at(DAY1, "10:45")),
                                self.k2: (6000, 0.0, at(DAY2, "09:00")),
                                self.k3: (100, 0.0, at(DAY2, "12:30"))})
        # A reset starts the key's tally again; it leaves the others and the wallet alone.
        reset = self.a.ok("POST", f"/v1/b2b/api-keys/{self.k3}/quota", {"reset_used": True})
        self.assertEqual((reset["used_bytes"], reset["used_gb"]), (0, 0.0))
        self.assertEqual(self.a.key(self.k3)["used_bytes"], 0)
        self.assertEqual(self.a.key(self.k2)["used_bytes"], 6000)
        self.assertEqual(self.a.me()["balance_bytes"], CREDIT - METERED)

    def test_accounts_see_only_their_own_usage(self):
        b, window = self.b, {"from": DAY1, "to": DAY2}
        self.assertEqual(self.usage(b), [row(1, 2, date=DAY1.isoformat())])
        self.assertEqual(self.usage(b, "/by-country"), [row(1, 2, country="de")])
        self.assertEqual(self.usage(b, "/by-service"), [row(1, 2, service=None)])
        self.assertEqual(self.usage(b, "/timeseries", granularity="hour", **window),
                         [row(1, 2, ts=at(DAY1, "10:00"))])
        # Another account's key id is not found, in both directions.
        no_key = {"detail": "key_id: no such API key"}
        for suffix in ("", "/by-country", "/by-service"):
            path = "/v1/b2b/usage" + suffix
            self.assertEqual(b.ok("GET", path, status=404, params={"key_id": self.k1}), no_key)
            self.assertEqual(self.a.ok("GET", path, status=404, params={"key_id": self.kb}),
                             no_key)
        self.assertEqual(b.ok("GET", "/v1/b2b/usage/timeseries", status=404,
                              params={"granularity": "day", "key_id": self.k2, **window}),
                         no_key)
        self.assertEqual(self.b.me()["balance_bytes"], CREDIT - 3)
        # A fresh account has no usage at all.
        fresh = new_account(self.api)
        for suffix in ("", "/by-country", "/by-service"):
            self.assertEqual(self.usage(fresh, suffix), [], suffix)

    def test_bad_ranges_dates_and_granularity_are_400(self):
        get = self.api.get
        token = self.a.token
        cases = [
            ("/v1/b2b/usage", {"from": DAY2, "to": DAY1}, ("from:", "to:")),
            ("/v1/b2b/usage", {"from": TODAY - timedelta(days=400), "to": TODAY},
             ("from:", "to:")),
            ("/v1/b2b/usage", {"from": "2026-13-01"}, ("from:",)),
            ("/v1/b2b/usage", {"from": "2025-02-29", "to": "2025-03-01"}, ("from:",)),
            ("/v1/b2b/usage", {"from": "yesterday"}, ("from:",)),
            ("/v1/b2b/usage", {"to": "20261120"}, ("to:",)),
            ("/v1/b2b/usage/by-country", {"from": "nope"}, ("from:",)),
            ("/v1/b2b/usage/by-service", {"from": DAY2, "to": DAY1}, ("from:", "to:")),
            ("/v1/b2b/usage/timeseries", {"granularity": "minute", "from": DAY1, "to": DAY2},
             ("granularity:",)),
            ("/v1/b2b/usage/timeseries", {"granularity": "hour", "from": "x", "to": DAY2},
             ("from:",)),
        ]
        for path, params, prefixes in cases:
            with self.subTest(path=path, params=params):
                self.assertDetail(get(path, token, params=params), 400, *prefixes)


if __name__ == "__main__":
    unittest.main()
