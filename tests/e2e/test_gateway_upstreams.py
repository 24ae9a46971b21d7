"""Exit nodes through upstream proxies (issue #4): a `socks5` node whose upstream is a second
sluice (so the chain is two real gateways, each billing its own account), and an `http` node
through an HTTP CONNECT proxy (connect_proxy.py). Both get the vetted IP address, never the name;
the target sees the upstream's exit address; the payload is billed exactly. An upstream that
refuses our credentials, cannot be reached or is silent before taking them marks the node down
(0x03, then no node at all), while a target the upstream cannot reach, or does not reach in
time (0x06), is the target's failure and leaves the node usable.
UDP ASSOCIATE goes through a socks5 node's upstream too (its own association); an http node
cannot carry UDP (0x07)."""
import socket
import threading
import time
import unittest

import socks

from b2b_client import Api, new_account
from connect_proxy import ConnectProxy
from gateway_client import (RawSocks, connect, direct_node, gateway_config, recv_all,
                            source_address, username, wait_for)
from gateway_target import Target
from harness import Server

MB = 1_000_000

# The upstream sluice: one direct exit on 127.0.0.4, and IP literals on loopback allowed (the
# front gateway asks its upstream for the vetted address, never the name).
UPSTREAM_CONFIG = gateway_config(
    [direct_node("up-uk", "uk", "127.0.0.4")],
    sections='[services.bbc]\nhosts = ["bbc.co.uk"]\ncidrs = ["127.0.0.0/8"]')


class SilentSocks5:
    """A SOCKS5 upstream that goes quiet: `hung` never says a word (its connections wait in the
    backlog, never accepted); otherwise it takes the greeting (no authentication), then never
    answers the request."""

    def __init__(self, hung):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.held = []
        if not hung:
            threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
                conn.recv(3)
                conn.sendall(b"\x05\x00")
                self.held.append(conn)  # Kept open and silent.
            except OSError:
                return

    def close(self):
        self.listener.close()
        for conn in self.held:
            conn.close()


def front_config(up_user, up_password, up_port, http_port, closed, hung_port, mute_port):
    """The front gateway: a socks5 node through the upstream sluice, an http node through the
    CONNECT proxy, and nodes whose upstream refuses our credentials, is gone or goes quiet."""
    def upstream(node_id, country, url):
        kind = url.split(":", 1)[0]
        return {"id": node_id, "country": country, "kind": kind, "upstream": url}

    return gateway_config(
        [upstream("uk-chain", "uk", f"socks5://{up_user}:{up_password}@127.0.0.1:{up_port}"),
         upstream("de-http", "de", f"http://proxyuser:proxypass@127.0.0.1:{http_port}"),
         upstream("fr-badauth", "fr", f"socks5://{up_user}:sk_live_wrong@127.0.0.1:{up_port}"),
         upstream("es-badauth", "es", f"http://proxyuser:wrong@127.0.0.1:{http_port}"),
         upstream("it-gone", "it", f"socks5://127.0.0.1:{closed}"),
         upstream("pt-hung", "pt", f"socks5://127.0.0.1:{hung_port}"),
         upstream("nl-mute", "nl", f"socks5://127.0.0.1:{mute_port}")],
        socks={"handshake_timeout": "3s"},
        sections='[resolver]\nstatic = { "www.bbc.co.uk" = "127.0.0.1" }')


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # Nothing listens there now.
    return port


class UpstreamTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.target = Target()
        cls.upstream = Server(config_text=UPSTREAM_CONFIG)
        cls.up_api = Api(cls.upstream.base)
        cls.up_account = new_account(cls.up_api)
        cls.up_api.credit(cls.up_account.customer_id, 100 * MB)
        up_password = cls.up_account.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        cls.proxy = ConnectProxy("proxyuser", "proxypass", "127.0.0.5")
        cls.hung = SilentSocks5(hung=True)
        cls.mute = SilentSocks5(hung=False)
        config = front_config(username(cls.up_account.customer_id, "chain"), up_password,
                              cls.upstream.socks_port, cls.proxy.port, closed_port(),
                              cls.hung.port, cls.mute.port)
        cls.server = Server(config_text=config)
        cls.api = Api(cls.server.base)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.upstream.close()
        cls.proxy.close()
        cls.hung.close()
        cls.mute.close()
        cls.target.close()

    def setUp(self):
        self.account = new_account(self.api)
        self.api.credit(self.account.customer_id, 10 * MB)
        self.password = self.account.ok("GET", "/v1/b2b/tunnel-credential")["password"]

    def user(self, country, session="s1"):
        return username(self.account.customer_id, session, country)

    def balance(self):
        return self.account.me()["balance_bytes"]

    def up_balance(self):
        return self.up_account.me()["balance_bytes"]

    def reply_code(self, country, port=None):
        raw = RawSocks(self.server)
        try:
            self.assertEqual(raw.greet(), b"\x05\x02")
            self.assertEqual(raw.auth(self.user(country), self.password), b"\x01\x00")
            return raw.request("www.bbc.co.uk", port or self.target.port)[1]
        finally:
            raw.close()

    def transfer(self, country):
        """Uploads 200 kB and downloads 300 kB through the exit of `country`; the bytes the
        payload came to, both ways."""
        up = b"SINK 200000\n" + b"u" * 200_000
        s = connect(self.server, self.user(country), self.password, "www.bbc.co.uk",
                    self.target.port)
        s.sendall(up)
        answer = recv_all(s)
        s.close()
        self.assertEqual(answer, b"OK\n")
        request = b"SEND 300000\n"
        s = connect(self.server, self.user(country), self.password, "www.bbc.co.uk",
                    self.target.port)
        s.sendall(request)
        down = recv_all(s)
        s.close()
        self.assertEqual(len(down), 300_000)
        return len(up) + len(answer) + len(request) + len(down)

    @staticmethod
    def settled(read, expected):
        """`read()` once it equals `expected`: a tunnel's last bytes are billed as it closes."""
        wait_for(lambda: read() == expected)
        return read()

    def source_through(self, country):
        """The address the target saw, and the bytes that asking for it cost (both ways)."""
        source = source_address(self.server, self.user(country), self.password, self.target.port)
        return source, len(b"IP\n") + len(source) + 1

    def test_a_socks5_upstream_carries_the_tunnel_and_both_gateways_bill_it(self):
        up_before = self.up_balance()  # Earlier tests leave nothing in flight upstream.
        source, billed = self.source_through("uk")
        self.assertEqual(source, "127.0.0.4")  # The upstream's exit.
        billed += self.transfer("uk")
        self.assertEqual(self.settled(self.balance, 10 * MB - billed), 10 * MB - billed)
        # The upstream sluice relayed the same payload for its own account.
        self.assertEqual(self.settled(self.up_balance, up_before - billed), up_before - billed)

    def test_an_http_connect_upstream_carries_the_tunnel_to_the_vetted_address(self):
        source, billed = self.source_through("de")
        self.assertEqual(source, "127.0.0.5")
        self.assertEqual(self.proxy.authorities[-1], f"127.0.0.1:{self.target.port}")
        billed += self.transfer("de")
        self.assertEqual(self.settled(self.balance, 10 * MB - billed), 10 * MB - billed)

    def test_a_target_the_upstream_cannot_reach_is_not_the_nodes_fault(self):
        port = closed_port()
        before = self.balance()
        self.assertEqual(self.reply_code("uk", port), 0x05)  # The upstream sluice's own reply.
        self.assertEqual(self.reply_code("de", port), 0x04)  # 502 from the HTTP proxy.
        self.assertEqual(self.reply_code("uk"), 0x00)  # Both nodes still in use.
        self.assertEqual(self.reply_code("de"), 0x00)
        self.assertEqual(self.balance(), before)  # Refusals and empty tunnels cost nothing.

    def test_an_upstream_refusing_our_credentials_or_gone_marks_the_node_down(self):
        before = self.balance()
        for country in ("fr", "es", "it"):
            with self.subTest(country=country):
                self.assertEqual(self.reply_code(country), 0x03)  # The upstream failed.
                self.assertEqual(self.reply_code(country), 0x03)  # No usable node left.
        self.assertEqual(self.balance(), before)

    def test_an_upstream_silent_before_taking_our_credentials_is_a_failed_node(self):
        started = time.monotonic()
        self.assertEqual(self.reply_code("pt"), 0x03)  # Answered, not cut off by the client's
        self.assertGreater(time.monotonic() - started, 2.5)  # deadline: after the upstream's.
        started = time.monotonic()
        self.assertEqual(self.reply_code("pt"), 0x03)  # Down now: no node, at once.
        self.assertLess(time.monotonic() - started, 1.0)

    def test_an_upstream_silent_after_taking_our_credentials_is_a_target_timeout(self):
        for _ in range(2):  # 0x06 each time: the node stays in use.
            self.assertEqual(self.reply_code("nl"), 0x06)

    def udp_client(self, country):
        s = socks.socksocket(socket.AF_INET, socket.SOCK_DGRAM)
        s.set_proxy(socks.SOCKS5, self.server.socks_host, self.server.socks_port, rdns=True,
                    username=self.user(country, "udp1"), password=self.password)
        s.settimeout(10)
        s.bind(("127.0.0.1", 0))
        return s

    def test_udp_goes_through_a_socks5_upstreams_own_association_and_is_billed_by_both(self):
        before, up_before = self.balance(), self.up_balance()
        s = self.udp_client("uk")
        billed = 0
        for payload in (b"hello", b"y" * 1200, b"z" * 20000):
            s.sendto(payload, ("www.bbc.co.uk", self.target.udp_port))
            answer, sender = s.recvfrom(65535)
            source, echoed = answer.split(b" ", 1)
            self.assertEqual(echoed, payload)
            self.assertEqual(source, b"127.0.0.4")  # It left from the upstream's exit.
            self.assertEqual(sender, ("127.0.0.1", self.target.udp_port))
            billed += len(payload) + len(answer)
        s.close()
        self.assertEqual(self.settled(self.balance, before - billed), before - billed)
        self.assertEqual(self.settled(self.up_balance, up_before - billed), up_before - billed)

    def test_udp_through_an_http_node_is_not_supported(self):
        raw = RawSocks(self.server)
        try:
            raw.greet()
            self.assertEqual(raw.auth(self.user("de"), self.password), b"\x01\x00")
            self.assertEqual(raw.request_ip("127.0.0.1", 0, command=3)[:2], b"\x05\x07")
        finally:
            raw.close()
