"""Exit-node health through the real gateway (issue #4): a node whose outgoing connection cannot
be made is answered 0x03 and marked down; the session then moves to another node of its country
(SessionRotated, reason "node_down") and stays there, new sessions skip the node, and a country
whose only node is down answers 0x03 at once. None of it is billed."""
import json
import socket
import subprocess

from b2b_client import new_account
from gateway_client import (GatewayCase, RawSocks, direct_node, gateway_config, source_address,
                            username)
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
CONFIG = gateway_config(
    [direct_node("uk-a", "uk", DOWN_UK), direct_node("uk-b", "uk", "127.0.0.3"),
     direct_node("fr-a", "fr", DOWN_FR)],
    sections='[resolver]\nstatic = { "www.bbc.co.uk" = "127.0.0.1" }')


class NodeHealthTest(GatewayCase):
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

    def session_events(self, session, country="uk"):
        out = subprocess.run([SLUICE, "events", "--after", "0", "--data-dir",
                              self.server.data_dir], capture_output=True, text=True,
                             timeout=60, check=True).stdout
        stream = f"session/{self.account.customer_id}/{session}/{country}"
        return [e for e in map(json.loads, out.splitlines()) if e["stream"] == stream]

    def balance(self):
        return self.account.me()["balance_bytes"]

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

    def test_a_country_whose_only_node_is_down_answers_0x03(self):
        self.assertEqual(self.reply_code("f1", "fr"), 0x03)  # The connect fails.
        self.assertEqual(self.reply_code("f1", "fr"), 0x03)  # No usable node at all.
        self.assertEqual(self.reply_code("f2", "fr"), 0x03)
        self.assertEqual(self.balance(), 10 * MB)
