"""One client cannot lock everyone out (issue #20 §3). A flood of connections that trickle their
request (REST) or stop after the SOCKS5 greeting, reopened as soon as the server closes them,
from one source address or from many: the REST API and the gateway still serve everyone else,
operators get in through the reserve, a trickled request line is cut at the header deadline, and
one account cannot hold more tunnels than `[socks] max_tunnels_per_account`.

Clients on loopback pick their source address (127.0.0.x), so the flood and the customers are
as far apart as on the internet. The server runs with 256 descriptors: without the caps, the
flood alone would take them all."""
import resource
import select
import socket
import threading
import time
import unittest

import requests

from b2b_client import ADMIN_TOKEN, Api, new_account
from gateway_client import (STATIC_RESOLVER, RawSocks, direct_node, gateway_config,
                            source_address, username)
from gateway_target import Target
from harness import Server

DESCRIPTORS = 256
HTTP_LIMITS = """
[http]
max_connections = 64
operator_reserve = 8
max_connections_per_address = 16
header_timeout = "2s"
"""
CONFIG = gateway_config([direct_node("uk-1", "uk", "127.0.0.2")],
                        socks={"handshake_timeout": "60s", "max_handshakes": 48,
                               "max_handshakes_per_address": 16,
                               "max_tunnels_per_account": 3},
                        sections=STATIC_RESOLVER) + HTTP_LIMITS


class Flood:
    """`count` connections from each of `sources` to `address`, each sending `first` and then one
    byte of `trickle` every half second; a connection the server closes is opened again at once.
    Runs until stop()."""

    def __init__(self, address, sources, count, first=b"", trickle=b"G"):
        self.address, self.first, self.trickle = address, first, trickle
        self.wanted = [(source, count) for source in sources]
        self.stopping = threading.Event()
        self.reopened = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _open(self, source):
        s = socket.socket()
        s.setblocking(False)
        s.bind((source, 0))
        try:
            s.connect(self.address)
        except BlockingIOError:
            pass
        return s

    def _run(self):
        conns = {}
        for source, count in self.wanted:
            for _ in range(count):
                conns[self._open(source)] = [source, self.first]
        next_trickle = time.monotonic()
        while not self.stopping.is_set():
            readable, writable, _ = select.select(list(conns), [s for s, (_, out) in conns.items()
                                                                if out], [], 0.05)
            for s in writable:
                try:
                    sent = s.send(conns[s][1])
                    conns[s][1] = conns[s][1][sent:]
                except OSError:
                    pass
            for s in readable:
                try:
                    alive = bool(s.recv(4096))
                except OSError:
                    alive = False
                if not alive:  # Closed by the server: open another at once.
                    source = conns.pop(s)[0]
                    s.close()
                    conns[self._open(source)] = [source, self.first]
                    self.reopened += 1
            if time.monotonic() >= next_trickle:
                next_trickle += 0.5
                for state in conns.values():
                    state[1] += self.trickle
        for s in conns:
            s.close()

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=30)


def request(method, url, **kwargs):
    """A request from 127.0.0.1, where no flood comes from."""
    return requests.request(method, url, timeout=20, **kwargs)


class ConnectionLimitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(config_text=CONFIG, preexec_fn=lambda: resource.setrlimit(
            resource.RLIMIT_NOFILE, (DESCRIPTORS, DESCRIPTORS)))
        cls.api = Api(cls.server.base)
        cls.target = Target()
        cls.account = new_account(cls.api)
        cls.api.credit(cls.account.customer_id, 10**9)
        cls.password = cls.account.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        host, port = cls.server.base[len("http://"):].split(":")
        cls.http_address = (host, int(port))
        cls.socks_address = (cls.server.socks_host, cls.server.socks_port)

    @classmethod
    def tearDownClass(cls):
        cls.target.close()
        cls.server.close()

    def customer_calls_succeed(self, samples=20):
        """`samples` rounds, a quarter second apart, of what customers do: the public status, a
        login, the account's own data; each from 127.0.0.1. The statuses seen."""
        seen = []
        for _ in range(samples):
            r = request("GET", self.server.base + "/v1/status")
            seen.append(r.status_code)
            r = request("POST", self.server.base + "/v1/b2b/login",
                             json={"email": self.account.email,
                                   "password": self.account.password})
            seen.append(r.status_code)
            time.sleep(0.25)
        return seen

    def test_a_trickling_flood_from_one_address_locks_nobody_else_out(self):
        flood = Flood(self.http_address, ["127.0.0.9"], 200, first=b"G")
        try:
            time.sleep(1.0)
            self.assertEqual(set(self.customer_calls_succeed()), {200})
            # The flood is held to its cap, and the header deadline keeps cutting it.
            self.assertGreater(flood.reopened, 200 - 16)
        finally:
            flood.stop()

    def test_a_request_line_trickled_past_the_header_deadline_is_cut(self):
        s = socket.create_connection(self.http_address, timeout=30)
        started = time.monotonic()
        try:
            for byte in b"GET /v1/status HTTP/1.1\r\n":
                s.sendall(bytes([byte]))
                time.sleep(0.5)
                if time.monotonic() - started > 10:
                    break
        except OSError:
            pass  # Reset once cut.
        s.settimeout(20)
        try:
            got = s.recv(4096)
        except OSError:
            got = b""
        s.close()
        self.assertEqual(got, b"")
        self.assertLess(time.monotonic() - started, 8, "cut long after the 2 s header deadline")

    def test_operators_get_in_through_the_reserve_when_every_place_is_taken(self):
        # Ten addresses, each at its cap: more than the 64 places in all.
        flood = Flood(self.http_address, [f"127.0.0.{n}" for n in range(10, 20)], 16,
                      first=b"G")
        try:
            time.sleep(1.0)
            for _ in range(10):
                r = request("GET",
                                 f"{self.server.base}/v1/admin/accounts/"
                                 f"{self.account.customer_id}",
                                 headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
                self.assertEqual(r.status_code, 200, r.text)
                # A customer may get the reserve's refusal meanwhile, never anything worse.
                r = request("GET", self.server.base + "/v1/status")
                self.assertIn(r.status_code, (200, 503), r.text)
                if r.status_code == 503:
                    self.assertEqual(r.headers.get("Retry-After"), "1")
                time.sleep(0.2)
        finally:
            flood.stop()

    def test_half_open_socks_floods_leave_room_for_customers(self):
        # The greeting and nothing more, from one address and then from ten.
        for sources in (["127.0.0.9"], [f"127.0.0.{n}" for n in range(10, 20)]):
            with self.subTest(sources=len(sources)):
                flood = Flood(self.socks_address, sources, 30, first=b"\x05\x01\x02", trickle=b"")
                try:
                    time.sleep(1.0)
                    for _ in range(10):
                        self.assertEqual(source_address(self.server,
                                                        username(self.account.customer_id),
                                                        self.password, self.target.port),
                                         "127.0.0.2")
                finally:
                    flood.stop()

    def test_an_account_holds_at_most_max_tunnels_per_account(self):
        def open_tunnel():
            raw = RawSocks(self.server)
            self.assertEqual(raw.greet(), b"\x05\x02")
            self.assertEqual(raw.auth(username(self.account.customer_id, "cap"), self.password),
                             b"\x01\x00")
            return raw, raw.request("www.bbc.co.uk", self.target.port)[:2]

        held = []
        try:
            for _ in range(3):
                raw, reply = open_tunnel()
                held.append(raw)
                self.assertEqual(reply, b"\x05\x00")
            raw, reply = open_tunnel()
            raw.close()
            self.assertEqual(reply, b"\x05\x02")  # Not allowed by the ruleset.
            held.pop().close()
            deadline = time.monotonic() + 10
            while True:  # The closed tunnel's final report frees its place.
                raw, reply = open_tunnel()
                held.append(raw)
                if reply == b"\x05\x00" or time.monotonic() > deadline:
                    break
            self.assertEqual(reply, b"\x05\x00")
        finally:
            for raw in held:
                raw.close()


if __name__ == "__main__":
    unittest.main()
