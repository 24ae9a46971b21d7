"""IPv6 through the gateway (issue #4: address type IPv6): a CONNECT naming an IPv6 address
(ATYP 4) reaches a target on ::1 from a direct exit node bound to ::1, inside a service's
`cidrs` only, and billed exactly; a node of the other family cannot reach it (0x04, unbilled).
Skipped where this host has no IPv6 loopback."""
import socket
import unittest

from b2b_client import new_account
from gateway_client import (GatewayCase, RawSocks, direct_node, gateway_config, recv_all,
                            username, wait_for)
from gateway_target import serve_each

MB = 1_000_000

CONFIG = gateway_config(
    [direct_node("nl-6", "nl", "::1"), direct_node("uk-4", "uk", "127.0.0.2")],
    sections='[services.bbc]\nhosts = ["bbc.co.uk"]\ncidrs = ["::1/128"]')


def ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


class SourceTarget:
    """Answers each connection on ::1 with the address it came from."""

    def __init__(self):
        self.sock = socket.create_server(("::1", 0), family=socket.AF_INET6)
        self.port = self.sock.getsockname()[1]
        serve_each(self.sock, self._answer)

    @staticmethod
    def _answer(conn, peer):
        with conn:
            conn.sendall(peer[0].encode() + b"\n")

    def close(self):
        self.sock.close()


@unittest.skipUnless(ipv6_loopback(), "no IPv6 loopback here")
class Ipv6Test(GatewayCase):
    config = CONFIG
    target_class = SourceTarget

    def setUp(self):
        self.account = new_account(self.api)
        self.api.credit(self.account.customer_id, 10 * MB)
        self.password = self.account.ok("GET", "/v1/b2b/tunnel-credential")["password"]

    def authed(self, country):
        raw = RawSocks(self.server)
        self.assertEqual(raw.greet(), b"\x05\x02")
        self.assertEqual(raw.auth(username(self.account.customer_id, "v6", country),
                                  self.password), b"\x01\x00")
        return raw

    def balance(self):
        return self.account.me()["balance_bytes"]

    def test_an_ipv6_destination_is_reached_from_an_ipv6_exit_and_billed(self):
        before = self.balance()
        raw = self.authed("nl")
        reply = raw.request_ip("::1", self.target.port)
        self.assertEqual(reply[:4], b"\x05\x00\x00\x01")  # Bound: the gateway's IPv4 address.
        self.assertEqual(socket.inet_ntoa(reply[4:8]), self.server.socks_host)
        answer = recv_all(raw.s)
        raw.close()
        self.assertEqual(answer, b"::1\n")
        wait_for(lambda: self.balance() == before - len(answer))
        self.assertEqual(self.balance(), before - len(answer))

    def test_ipv6_outside_every_cidr_is_refused_and_another_family_is_unreachable(self):
        before = self.balance()
        raw = self.authed("nl")
        self.assertEqual(raw.request_ip("::2", self.target.port)[:2], b"\x05\x02")
        raw.close()
        raw = self.authed("uk")  # An IPv4 node cannot reach ::1.
        self.assertEqual(raw.request_ip("::1", self.target.port)[:2], b"\x05\x04")
        raw.close()
        self.assertEqual(self.balance(), before)
