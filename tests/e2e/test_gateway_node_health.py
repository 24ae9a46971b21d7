"""Exit-node health through the real gateway (issue #4): a node whose outgoing connection cannot
be made is answered 0x03 and marked down (NodeDown); the session then moves to another node of
its country (SessionRotated, reason "node_down") and stays there, new sessions skip the node, and
a country whose only node is down answers 0x03 at once. None of it is billed. The cool-down
outlives a restart (a kill -9 too); at its end the gateway checks the node: NodeUp if it works,
else NodeDown again. A node that is up is checked too, every `node_check_interval`, and one that
fails (an http upstream refusing our credentials, or gone) is down before a client hits it.
Operators see it all at GET /v1/admin/exit-nodes, and a node left out of the configuration is
retired (NodeRetired)."""
import json
import os
import signal
import socket
import subprocess
import tempfile

from b2b_client import ADMIN_TOKEN, TIMESTAMP, new_account
from connect_proxy import ConnectProxy
from gateway_client import (GatewayCase, RawSocks, direct_node, gateway_config, source_address,
                            username, wait_for)
from harness import SLUICE

MB = 1_000_000



def unassigned_addresses(count):
    """Documentation addresses (RFC 5737) that are not on this host, so binding to one fails, as
    it does for a direct node whose address was taken away. (A sandbox may well use one.)"""
    found = []
    for prefix in ("198.51.100.", "203.0.113.", "192.0.2."):
        for last in range(1, 255):
            probe = socket.socket()
            try:
                probe.bind((prefix + str(last), 0))
            except OSError:
                found.append(prefix + str(last))
                if len(found) == count:
                    return found
            finally:
                probe.close()
    raise AssertionError("no unassigned address to bind a failing node to")


DOWN_UK, DOWN_FR = unassigned_addresses(2)
RESOLVER = '[resolver]\nstatic = { "www.bbc.co.uk" = "127.0.0.1" }'
UK_NODES = [direct_node("uk-a", "uk", DOWN_UK), direct_node("uk-b", "uk", "127.0.0.3")]
CONFIG = gateway_config(UK_NODES + [direct_node("fr-a", "fr", DOWN_FR)], sections=RESOLVER)


class NodeHealthCase(GatewayCase):
    config = CONFIG

    def setUp(self):
        self.account = new_account(self.api)
        self.api.credit(self.account.customer_id, 10 * MB)
        self.password = self.account.ok("GET", "/v1/b2b/tunnel-credential")["password"]

    def reply_code(self, session, country="uk"):
        raw = RawSocks(self.server)
        try:
            self.assertEqual(raw.greet(), b"\x05\x02")
            user = username(self.account.customer_id, session, country)
            self.assertEqual(raw.auth(user, self.password), b"\x01\x00")
            return raw.request("www.bbc.co.uk", self.target.port)[1]
        finally:
            raw.close()

    def exit_of(self, session):
        return source_address(self.server, username(self.account.customer_id, session),
                              self.password, self.target.port)

    def stream_events(self, stream):
        out = subprocess.run([SLUICE, "events", "--after", "0", "--data-dir",
                              self.server.data_dir], capture_output=True, text=True,
                             timeout=60, check=True).stdout
        return [e for e in map(json.loads, out.splitlines()) if e["stream"] == stream]

    def session_events(self, session, country="uk"):
        return self.stream_events(f"session/{self.account.customer_id}/{session}/{country}")

    def node_events(self, node):
        return [(e["type"], e["data"].get("reason")) for e in self.stream_events(f"node/{node}")]

    def exit_nodes(self):
        body = self.api.ok("GET", "/v1/admin/exit-nodes", ADMIN_TOKEN)
        return {n.pop("node"): n for n in body["exit_nodes"]}

    def balance(self):
        return self.account.me()["balance_bytes"]


class NodeHealthTest(NodeHealthCase):

    def test_a_failed_node_is_left_for_another_and_the_session_stays_there(self):
        # Equal load: the first node by id, uk-a, which cannot connect.
        self.assertEqual(self.reply_code("s1"), 0x03)
        self.assertEqual(self.balance(), 10 * MB)  # A refusal is never billed.
        for _ in range(5):
            self.assertEqual(self.exit_of("s1"), "127.0.0.3")
        self.assertEqual(self.exit_of("s2"), "127.0.0.3")  # New sessions skip uk-a too.
        events = [(e["type"], e["data"]["node"], e["data"].get("reason"))
                  for e in self.session_events("s1")]
        self.assertEqual(events, [("SessionBound", "uk-a", None),
                                  ("SessionRotated", "uk-a", "node_down"),
                                  ("SessionBound", "uk-b", None)])
        self.assertEqual(self.node_events("uk-a"), [("NodeRegistered", None),
                                                    ("NodeDown", "bind_failed")])

    def test_a_country_whose_only_node_is_down_answers_0x03(self):
        self.assertEqual(self.reply_code("f1", "fr"), 0x03)  # The connect fails.
        self.assertEqual(self.reply_code("f1", "fr"), 0x03)  # No usable node at all.
        self.assertEqual(self.reply_code("f2", "fr"), 0x03)
        self.assertEqual(self.balance(), 10 * MB)
        # Clients are told: France is unavailable while its only node is down; the United
        # Kingdom still has uk-b.
        expected = [{"code": "fr", "name": "France", "available": False},
                    {"code": "uk", "name": "United Kingdom", "available": True}]
        self.assertEqual(self.api.ok("GET", "/v1/status")["countries"], expected)
        self.assertEqual(self.account.ok("GET", "/v1/b2b/countries")["countries"], expected)


def node_row(kind="direct", status="up", sessions=0, country="uk"):
    """What GET /v1/admin/exit-nodes shows of a node, but for its timestamps."""
    return {"country": country, "kind": kind, "services": [], "status": status,
            "down_reason": "bind_failed" if status == "down" else None, "sessions": sessions}


class NodeHealthAcrossRestartsTest(NodeHealthCase):
    """Its own data directory, which restarts keep."""

    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.TemporaryDirectory(prefix="sluice_node_health_")
        super().setUpClass()

    def rows(self):
        rows = self.exit_nodes()
        for row in rows.values():
            self.assertRegex(row.pop("registered_at"), TIMESTAMP)
            self.assertRegex(row.pop("updated_at"), TIMESTAMP)
            until = row.pop("down_until")
            if row["status"] != "retired":  # A retired node shows its last cool-down.
                self.assertEqual(until is None, row["status"] != "down")
        return rows

    def test_operators_see_the_health_which_outlives_a_restart_and_a_dropped_node_retires(self):
        config = gateway_config(UK_NODES, sections=RESOLVER)
        self.serve_from(os.path.join(self.data.name, "d"), config)
        self.assertEqual(self.rows(), {"uk-a": node_row(), "uk-b": node_row()})
        self.assertEqual(self.reply_code("s1"), 0x03)  # Equal load: uk-a, which cannot bind.
        self.assertEqual(self.exit_of("s2"), "127.0.0.3")
        self.assertEqual(self.rows(), {"uk-a": node_row(status="down", sessions=1),
                                       "uk-b": node_row(sessions=1)})
        text = self.api.call("GET", "/v1/admin/exit-nodes", ADMIN_TOKEN).text
        self.assertNotIn(DOWN_UK, text)  # Ids and attributes only, never an address.
        self.assertNotIn("127.0.0.3", text)
        self.assertEqual(self.api.call("GET", "/v1/admin/exit-nodes").status_code, 401)
        # uk-a holds as many sessions and comes first by id, but is still in its cool-down after
        # a crash: a new session's first connection goes to uk-b (before, it got uk-a and 0x03).
        self.restart_with(config, signal.SIGKILL)
        self.assertEqual(self.exit_of("s3"), "127.0.0.3")
        self.assertEqual(self.node_events("uk-a"), [("NodeRegistered", None),
                                                    ("NodeDown", "bind_failed")])
        self.restart_with(gateway_config(UK_NODES[1:], sections=RESOLVER))
        self.assertEqual(self.rows()["uk-a"]["status"], "retired")
        self.assertEqual(self.node_events("uk-a")[-1], ("NodeRetired", None))
        self.assertEqual(self.exit_of("s4"), "127.0.0.3")
        # s1, still bound to uk-a, moves at its next connection, saying why.
        self.assertEqual(self.exit_of("s1"), "127.0.0.3")
        self.assertEqual([(e["type"], e["data"].get("reason")) for e in self.session_events("s1")],
                         [("SessionBound", None), ("SessionRotated", "retired"),
                          ("SessionBound", None)])


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # Nothing listens there until a test starts something on it.
    return port


UPSTREAM_PORT = free_port()
DE_HTTP = {"id": "de-http", "country": "de", "kind": "http",
           "upstream": f"http://proxyuser:proxypass@127.0.0.1:{UPSTREAM_PORT}"}


class NodeCheckTest(NodeHealthCase):
    """A 1 s cool-down, at whose end the gateway checks the node before it is used again."""
    config = gateway_config(UK_NODES + [DE_HTTP], socks={"node_cooldown": "1s"},
                            sections=RESOLVER)

    def test_a_node_failing_its_check_stays_down_and_no_client_hits_it_again(self):
        self.assertEqual(self.reply_code("c1"), 0x03)  # uk-a cannot bind: the one client hit.
        # At 1 s the check fails too: down again, for 2 s, with no NodeUp in between.
        self.assertTrue(wait_for(lambda: len(self.node_events("uk-a")) >= 3))
        self.assertEqual(self.node_events("uk-a")[:3], [("NodeRegistered", None),
                                                        ("NodeDown", "bind_failed"),
                                                        ("NodeDown", "bind_failed")])
        self.assertEqual(self.exit_nodes()["uk-a"]["status"], "down")
        for session in ("c1", "c2", "c3"):  # c1 too: it moves to uk-b.
            self.assertEqual(self.exit_of(session), "127.0.0.3")
        self.assertNotIn(("NodeUp", "cooldown_over"), self.node_events("uk-a"))

    def test_an_upstream_back_after_its_cooldown_passes_the_check_and_is_used_again(self):
        self.assertEqual(self.reply_code("d1", "de"), 0x03)  # Nothing listens there yet.
        self.assertTrue(wait_for(lambda: len(self.node_events("de-http")) >= 3))
        self.assertEqual(self.node_events("de-http")[:3], [("NodeRegistered", None),
                                                           ("NodeDown", "upstream_failed"),
                                                           ("NodeDown", "upstream_failed")])
        proxy = ConnectProxy("proxyuser", "proxypass", "127.0.0.5", port=UPSTREAM_PORT)
        try:
            # The next check (2 s after the last) finds it listening.
            self.assertTrue(wait_for(lambda: self.node_events("de-http")[-1]
                                     == ("NodeUp", "probe_ok")))
            self.assertEqual(self.exit_nodes()["de-http"]["status"], "up")
            user = username(self.account.customer_id, "d1", "de")
            self.assertEqual(source_address(self.server, user, self.password, self.target.port),
                             "127.0.0.5")
        finally:
            proxy.close()


GOOD_PORT, BAD_PORT = free_port(), free_port()
DE_GOOD = {"id": "de-good", "country": "de", "kind": "http",
           "upstream": f"http://proxyuser:proxypass@127.0.0.1:{GOOD_PORT}"}
DE_BAD = {"id": "de-bad", "country": "de", "kind": "http",  # Not the password its proxy wants.
          "upstream": f"http://proxyuser:stale-password@127.0.0.1:{BAD_PORT}"}
CHECK = "node-check.sluice.invalid:443"  # What a check asks an http upstream for.


class RoutineNodeCheckTest(NodeHealthCase):
    """Nodes that are up are checked every 300 ms, with no client involved."""
    config = gateway_config([DE_GOOD, DE_BAD], socks={"node_check_interval": "300ms"},
                            sections=RESOLVER)

    @classmethod
    def setUpClass(cls):
        cls.good = ConnectProxy("proxyuser", "proxypass", "127.0.0.5", port=GOOD_PORT)
        cls.bad = ConnectProxy("proxyuser", "proxypass", "127.0.0.6", port=BAD_PORT)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.good.close()
        cls.bad.close()

    def test_a_node_whose_upstream_refuses_us_or_goes_away_is_taken_down_before_a_client_hits_it(
            self):
        # de-bad's proxy answers the check's CONNECT with 407: down, and no client ever got 0x03.
        self.assertTrue(wait_for(lambda: ("NodeDown", "upstream_failed")
                                 in self.node_events("de-bad")))
        self.assertEqual(self.exit_nodes()["de-bad"]["status"], "down")
        # de-good passed its checks (a CONNECT to a name that cannot resolve: 502), which
        # wrote nothing; a client exits through it.
        self.assertTrue(wait_for(lambda: self.good.authorities.count(CHECK) >= 2))
        self.assertEqual(self.node_events("de-good"), [("NodeRegistered", None)])
        user = username(self.account.customer_id, "d1", "de")
        self.assertEqual(source_address(self.server, user, self.password, self.target.port),
                         "127.0.0.5")
        self.assertNotIn(CHECK, self.bad.authorities)
        # de-good's proxy goes away: its next check takes it down, and the country with it.
        self.good.close()
        self.assertTrue(wait_for(lambda: ("NodeDown", "upstream_failed")
                                 in self.node_events("de-good")))
        balance = self.balance()
        self.assertEqual(self.reply_code("d2", "de"), 0x03)
        self.assertEqual(self.balance(), balance)
