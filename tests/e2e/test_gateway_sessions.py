"""Sticky sessions over REST (seed 000 §06, issue #4): rotate moves a session to another node,
discard also blacklists the node for the whole account, /proxy/assigned lists bound sessions with
opaque node references, a binding survives a restart of sluice, and so does each node's count of
the sessions it holds (new sessions go to the least-loaded node). A session idle past
socks.session_idle_ttl is expired whether or not anything connects to it again, even after a
crash, and its node stops counting it."""
import json
import os
import signal
import subprocess
import tempfile
import time

from b2b_client import ADMIN_TOKEN, new_account
from gateway_client import (GATEWAY_CONFIG, STATIC_RESOLVER, UK_ADDRESSES, GatewayCase,
                            direct_node, gateway_config, source_address, username, wait_for)
from harness import SLUICE

MB = 1_000_000
NODE_REF = r"^n_[0-9a-f]{24}$"


class SessionCase(GatewayCase):
    def setUp(self):
        self.account = new_account(self.api)
        self.api.credit(self.account.customer_id, 10 * MB)
        self.password = self.account.ok("GET", "/v1/b2b/tunnel-credential")["password"]

    def exit_of(self, session, country="uk", service=None):
        return source_address(self.server,
                              username(self.account.customer_id, session, country, service),
                              self.password, self.target.port)


class RotateDiscardTest(SessionCase):
    def test_rotate_moves_the_session_to_another_node(self):
        first = self.exit_of("rot1")
        body = self.account.ok("POST", "/v1/b2b/proxy/rotate", {"session": "rot1",
                                                                 "country": "uk"})
        self.assertEqual(body, {"session": "rot1", "country": "uk", "rotated": True})
        second = self.exit_of("rot1")
        self.assertNotEqual(second, first)
        self.assertIn(second, UK_ADDRESSES)
        self.assertEqual(self.exit_of("rot1"), second)  # Sticky again.

    def test_discard_never_gives_the_node_back_to_any_session_of_the_account(self):
        gone = self.exit_of("disc1")
        body = self.account.ok("POST", "/v1/b2b/proxy/discard", {"session": "disc1",
                                                                  "country": "uk"})
        self.assertEqual(body, {"session": "disc1", "country": "uk", "discarded": True})
        seen = {self.exit_of(f"after{i}") for i in range(6)} | {self.exit_of("disc1")}
        self.assertNotIn(gone, seen)
        self.assertTrue(seen <= UK_ADDRESSES - {gone}, seen)
        # Another account still gets that node.
        other = new_account(self.api)
        self.api.credit(other.customer_id, MB)
        other_password = other.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        others = {source_address(self.server, username(other.customer_id, f"o{i}"),
                                 other_password, self.target.port) for i in range(3)}
        self.assertIn(gone, others)

    def test_a_country_whose_every_node_the_account_discarded_is_unavailable_to_it(self):
        def germany(account):
            countries = account.ok("GET", "/v1/b2b/countries")["countries"]
            return next(c for c in countries if c["code"] == "de")

        self.assertTrue(germany(self.account)["available"])
        self.assertEqual(self.exit_of("de1", "de"), "127.0.0.5")  # de-1, Germany's only node.
        self.account.ok("POST", "/v1/b2b/proxy/discard", {"session": "de1", "country": "de"})
        self.assertEqual(germany(self.account),
                         {"code": "de", "name": "Germany", "available": False})
        self.assertTrue(germany(new_account(self.api))["available"])  # Only for this account.

    def test_unknown_sessions_are_404_and_bad_bodies_400(self):
        r = self.api.post("/v1/b2b/proxy/rotate", {"session": "never", "country": "uk"},
                          self.account.token)
        self.assertEqual(r.status_code, 404, r.text)
        self.assertEqual(r.json(), {"detail": "Unknown session"})
        for body, field in (({"country": "uk"}, "session"), ({"session": "s1"}, "country"),
                            ({"session": "Bad!", "country": "uk"}, "session"),
                            ({"session": "s1", "country": "gbr"}, "country")):
            r = self.api.post("/v1/b2b/proxy/discard", body, self.account.token)
            self.assertEqual(r.status_code, 400, r.text)
            self.assertTrue(r.json()["detail"].startswith(field + ":"), r.json())

    def test_another_accounts_session_is_404(self):
        self.exit_of("mine")
        other = new_account(self.api)
        r = self.api.post("/v1/b2b/proxy/rotate", {"session": "mine", "country": "uk"},
                          other.token)
        self.assertEqual(r.status_code, 404, r.text)


class AssignedTest(SessionCase):
    def test_assigned_lists_bound_sessions_with_opaque_node_references(self):
        self.exit_of("list_a")
        self.exit_of("list_b", "de", "bbc")
        listed = self.account.ok("GET", "/v1/b2b/proxy/assigned")["sessions"]
        self.assertEqual([(s["session"], s["country"], s["service"]) for s in listed],
                         [("list_a", "uk", None), ("list_b", "de", "bbc")])
        for s in listed:
            self.assertEqual(set(s), {"session", "country", "service", "node", "bound_at",
                                      "last_active_at", "bytes"})
            self.assertRegex(s["node"], NODE_REF)
            self.assertNotIn("127.0.0", str(s))
            self.assertNotIn("uk-", s["node"])
            self.assertNotIn("de-", s["node"])
        # "IP\n" plus "127.0.0.N\n": 3 + 10 bytes.
        self.assertEqual(listed[0]["bytes"], 13)
        again = self.account.ok("GET", "/v1/b2b/proxy/assigned")["sessions"]
        self.assertEqual(again[0]["node"], listed[0]["node"])  # Stable.
        self.account.ok("POST", "/v1/b2b/proxy/rotate", {"session": "list_a", "country": "uk"})
        after = self.account.ok("GET", "/v1/b2b/proxy/assigned")["sessions"]
        self.assertEqual([s["session"] for s in after], ["list_b"])


class RestartTest(SessionCase):
    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.TemporaryDirectory(prefix="sluice_sessions_")
        super().setUpClass()

    def test_a_session_keeps_its_node_across_a_restart(self):
        self.serve_from(os.path.join(self.data.name, "d"), GATEWAY_CONFIG)
        before = {s: self.exit_of(s) for s in ("keep1", "keep2", "keep3")}
        self.restart_with(GATEWAY_CONFIG)
        after = {s: self.exit_of(s) for s in before}
        self.assertEqual(after, before)

    def test_a_node_added_at_a_restart_takes_the_new_sessions_until_it_holds_as_many(self):
        one = gateway_config([direct_node("uk-1", "uk", "127.0.0.2")], sections=STATIC_RESOLVER)
        two = gateway_config([direct_node("uk-1", "uk", "127.0.0.2"),
                              direct_node("uk-2", "uk", "127.0.0.3")], sections=STATIC_RESOLVER)
        self.serve_from(os.path.join(self.data.name, "added"), one)
        for s in ("old1", "old2", "old3", "old4"):
            self.assertEqual(self.exit_of(s), "127.0.0.2")
        self.restart_with(two)
        # uk-1 holds four sessions, uk-2 none: before restarts counted, these went half and half.
        self.assertEqual({self.exit_of(s) for s in ("new1", "new2", "new3", "new4")},
                         {"127.0.0.3"})
        self.assertEqual(self.exit_of("old1"), "127.0.0.2")
        self.assertEqual(len({self.exit_of(s) for s in ("new5", "new6")}), 2)


SHORT_TTL_CONFIG = GATEWAY_CONFIG.replace('report_interval = "200ms"',
                                          'report_interval = "200ms"\nsession_idle_ttl = "6s"')


class IdleTtlTest(SessionCase):
    """A 6 s idle TTL: idleness counts from the last use, across a restart too. (The restart
    counts as idle time: 6 s leaves it 3.5 s, enough for an ASan build on a loaded machine.)"""

    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.TemporaryDirectory(prefix="sluice_sessions_ttl_")
        super().setUpClass()

    def session_types(self, session):
        out = subprocess.run([SLUICE, "events", "--after", "0", "--data-dir",
                              self.server.data_dir], capture_output=True, text=True, timeout=60,
                             check=True).stdout
        stream = f"session/{self.account.customer_id}/{session}/uk"
        return [e["type"] for e in map(json.loads, out.splitlines()) if e["stream"] == stream]

    def test_use_keeps_a_session_bound_past_the_ttl_and_across_a_restart(self):
        self.serve_from(os.path.join(self.data.name, "d"), SHORT_TTL_CONFIG)
        first = self.exit_of("ttl1")
        time.sleep(4.0)
        self.assertEqual(self.exit_of("ttl1"), first)  # Used 4 s after binding.
        self.restart_with(SHORT_TTL_CONFIG)
        time.sleep(2.5)  # Over 6.5 s after binding, 2.5 s and the restart after the last use.
        self.assertEqual(self.exit_of("ttl1"), first)
        self.assertNotIn("SessionExpired", self.session_types("ttl1"))
        time.sleep(6.5)  # Idle past the TTL now.
        self.exit_of("ttl1")
        types = self.session_types("ttl1")
        self.assertEqual(types[0], "SessionBound")
        self.assertIn("SessionActive", types)  # Written as sluice stopped.
        self.assertEqual(types[-2:], ["SessionExpired", "SessionBound"])

    def sessions_held(self):
        body = self.api.ok("GET", "/v1/admin/exit-nodes", ADMIN_TOKEN)
        return {n["node"]: n["sessions"] for n in body["exit_nodes"]}

    def test_an_idle_session_expires_unaided_across_a_crash_and_its_node_is_freed(self):
        self.serve_from(os.path.join(self.data.name, "unaided"), SHORT_TTL_CONFIG)
        first = self.exit_of("gone1")
        self.assertEqual(sum(self.sessions_held().values()), 1)
        self.restart_with(SHORT_TTL_CONFIG, sig=signal.SIGKILL)
        # Nothing connects to gone1 again: the expiry watch, seeded from the read models at the
        # start, writes SessionExpired about 6 s after the binding.
        self.assertTrue(wait_for(lambda: "SessionExpired" in self.session_types("gone1"), 20))
        self.assertEqual(self.session_types("gone1"), ["SessionBound", "SessionExpired"])
        self.assertTrue(wait_for(lambda: sum(self.sessions_held().values()) == 0, 10),
                        self.sessions_held())
        self.assertEqual(self.account.ok("GET", "/v1/b2b/proxy/assigned")["sessions"], [])
        # The node that held it is the least loaded again (equal load: the first by id).
        self.assertEqual(self.exit_of("next1"), first)
