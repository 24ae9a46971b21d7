"""A dedicated proxy's own port (seed 001, issue #21): it speaks SOCKS5 and HTTP proxy on the
same port with the proxy's user and password, with curl `-x http://…`, curl `--proxy
socks5h://…` and requests + PySocks; its traffic leaves from its own exit node (the target sees
127.0.0.4 or .5); wrong credentials get 407 or 0x01; an expiring lease cuts its open tunnels
within a second and its port refuses new ones."""
import base64
import socket
import subprocess
import time
import types
import unittest

import requests

from b2b_client import Api
from gateway_client import RawSocks
from gateway_target import Target
from harness import Server
from reseller_client import Reseller, reseller_config

PORTS = "21100-21199"  # Apart from test_reseller_orders.py: ctest runs the files side by side.


def curl(*args):
    done = subprocess.run(["curl", "-sS", "--max-time", "10", *args], capture_output=True,
                          text=True, timeout=30)
    return done.returncode, done.stdout, done.stderr


class LeasePortTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.target = Target()
        cls.server = Server(config_text=reseller_config(ports=PORTS))
        cls.r = Reseller(Api(cls.server.base))
        cls.r.credit("100.00")
        cls.first = cls.proxy(cls.r.buy(1, 1))
        cls.second = cls.proxy(cls.r.buy(1, 1))

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.target.close()

    @classmethod
    def proxy(cls, order):
        p = cls.r.ok("GET", f"/proxies/{order['proxy_id']}")
        wait_for_port(p["port"])
        return p

    def target_url(self):
        return f"http://127.0.0.1:{self.target.port}/"

    def http_proxy(self, p, password=None):
        return f"http://{p['username']}:{password or p['password']}@127.0.0.1:{p['port']}"

    def socks_proxy(self, p):
        return f"socks5h://{p['username']}:{p['password']}@127.0.0.1:{p['port']}"

    def test_curl_through_the_http_proxy_leaves_from_the_proxys_node(self):
        self.assertEqual(curl("-x", self.http_proxy(self.first), self.target_url())[1],
                         "127.0.0.4")
        self.assertEqual(curl("-x", self.http_proxy(self.second), self.target_url())[1],
                         "127.0.0.5")

    def test_curl_through_an_http_connect_tunnel(self):
        self.assertEqual(curl("-p", "-x", self.http_proxy(self.first), self.target_url())[1],
                         "127.0.0.4")

    def test_curl_through_socks5h(self):
        url = f"http://localhost:{self.target.port}/"
        self.assertEqual(curl("--proxy", self.socks_proxy(self.second), url)[1], "127.0.0.5")

    def test_requests_with_pysocks(self):
        proxies = {"http": self.socks_proxy(self.first)}
        r = requests.get(self.target_url(), proxies=proxies, timeout=10)
        self.assertEqual((r.status_code, r.text), (200, "127.0.0.4"))
        proxies = {"http": self.http_proxy(self.second)}
        r = requests.get(self.target_url(), proxies=proxies, timeout=10)
        self.assertEqual((r.status_code, r.text), (200, "127.0.0.5"))

    def test_wrong_credentials_are_407_and_socks_0x01(self):
        out = subprocess.run(["curl", "-sS", "-i", "--max-time", "10", "-x",
                              self.http_proxy(self.first, password="wrong-password"),
                              self.target_url()], capture_output=True, text=True, timeout=30)
        self.assertTrue(out.stdout.startswith("HTTP/1.1 407"), out.stdout)
        self.assertIn('Proxy-Authenticate: Basic realm="sluice"', out.stdout)
        no_auth = subprocess.run(["curl", "-sS", "-i", "--max-time", "10", "-x",
                                  f"http://127.0.0.1:{self.first['port']}", self.target_url()],
                                 capture_output=True, text=True, timeout=30)
        self.assertTrue(no_auth.stdout.startswith("HTTP/1.1 407"), no_auth.stdout)
        # The other proxy's credentials do not open this one's port.
        raw = RawSocks(types.SimpleNamespace(socks_host="127.0.0.1",
                                             socks_port=self.first["port"]))
        try:
            self.assertEqual(raw.greet(), b"\x05\x02")
            self.assertEqual(raw.auth(self.second["username"], self.second["password"]),
                             b"\x01\x01")
        finally:
            raw.close()

    def test_an_unresolvable_target_is_502(self):
        out = subprocess.run(["curl", "-sS", "-i", "--max-time", "10", "-p", "-x",
                              self.http_proxy(self.first), "http://no-such-host.invalid/"],
                             capture_output=True, text=True, timeout=30)
        self.assertIn("502", out.stdout.splitlines()[0] if out.stdout else out.stderr)


class LeaseMeteringTest(unittest.TestCase):
    """What a proxy's port relays is counted both ways, to the byte, as `traffic_bytes`, and
    reported within about a second; nothing is billed (the balance pays for time only)."""

    def test_traffic_bytes_count_what_was_relayed(self):
        target = Target()
        server = Server(config_text=reseller_config(ports=PORTS))
        try:
            r = Reseller(Api(server.base))
            r.credit("10.00")
            p = r.ok("GET", f"/proxies/{r.buy(1, 1)['proxy_id']}")
            self.assertEqual(p["traffic_bytes"], 0)
            wait_for_port(p["port"])
            raw = RawSocks(types.SimpleNamespace(socks_host="127.0.0.1", socks_port=p["port"]))
            try:
                raw.greet()
                raw.auth(p["username"], p["password"])
                self.assertEqual(raw.request("127.0.0.1", target.port)[:2], b"\x05\x00")
                raw.s.sendall(b"SINK 100000\n" + b"x" * 100000)
                self.assertEqual(raw.recv_exact(3), b"OK\n")
            finally:
                raw.close()
            expected = len(b"SINK 100000\n") + 100000 + len(b"OK\n")
            deadline = time.monotonic() + 5
            while r.ok("GET", f"/proxies/{p['id']}")["traffic_bytes"] != expected:
                self.assertLess(time.monotonic(), deadline,
                                r.ok("GET", f"/proxies/{p['id']}")["traffic_bytes"])
                time.sleep(0.2)
            self.assertEqual(r.ok("GET", "/balance")["balance"], "0.00")
        finally:
            server.close()
            target.close()


class LeasePrivateDestinationTest(unittest.TestCase):
    """Without socks.allow_private_destinations a lease refuses loopback targets as the gateway
    does: 403 on HTTP, 0x02 on SOCKS5."""

    def test_loopback_targets_are_refused(self):
        target = Target()
        config = reseller_config(ports=PORTS).replace("allow_private_destinations = true\n", "")
        server = Server(config_text=config)
        try:
            r = Reseller(Api(server.base))
            r.credit("10.00")
            p = r.ok("GET", f"/proxies/{r.buy(1, 1)['proxy_id']}")
            wait_for_port(p["port"])
            proxy = f"http://{p['username']}:{p['password']}@127.0.0.1:{p['port']}"
            out = subprocess.run(["curl", "-sS", "-i", "--max-time", "10", "-x", proxy,
                                  f"http://127.0.0.1:{target.port}/"],
                                 capture_output=True, text=True, timeout=30)
            self.assertTrue(out.stdout.startswith("HTTP/1.1 403"), out.stdout + out.stderr)
            raw = RawSocks(types.SimpleNamespace(socks_host="127.0.0.1", socks_port=p["port"]))
            try:
                raw.greet()
                self.assertEqual(raw.auth(p["username"], p["password"]), b"\x01\x00")
                self.assertEqual(raw.request("localhost", target.port)[:2], b"\x05\x02")
            finally:
                raw.close()
        finally:
            server.close()
            target.close()


class LeaseExpiryCutTest(unittest.TestCase):
    """A lease of one "hour" with period_unit = "3s": its open download is cut within a second
    of the end, and its port refuses new connections."""

    def test_expiry_cuts_open_tunnels_and_closes_the_port(self):
        target = Target()
        server = Server(config_text=reseller_config(period_unit="3s", ports=PORTS))
        try:
            r = Reseller(Api(server.base))
            r.credit("10.00")
            started = time.monotonic()
            order = r.buy(1, 1)
            bought = time.monotonic()  # The lease began between `started` and now.
            p = r.ok("GET", f"/proxies/{order['proxy_id']}")
            wait_for_port(p["port"])
            s = socket.create_connection(("127.0.0.1", p["port"]), timeout=10)
            credentials = base64.b64encode(f"{p['username']}:{p['password']}".encode())
            s.sendall(f"CONNECT 127.0.0.1:{target.port} HTTP/1.1\r\n".encode()
                      + b"Proxy-Authorization: Basic " + credentials + b"\r\n\r\n")
            self.assertTrue(s.recv(1024).startswith(b"HTTP/1.1 200"))
            s.sendall(b"SEND 100000000000\n")
            deadline = time.monotonic() + 10
            s.settimeout(1)
            cut_at = None
            while time.monotonic() < deadline:
                try:
                    if not s.recv(65536):
                        cut_at = time.monotonic()
                        break
                except ConnectionResetError:
                    cut_at = time.monotonic()
                    break
                except socket.timeout:
                    continue
            s.close()
            self.assertIsNotNone(cut_at, "the download was not cut")
            # The lease lasts 3 s from its payment; the cut comes within a second of its end.
            self.assertGreater(cut_at, started + 2.5)
            self.assertLess(cut_at, bought + 3 + 1)
            status = r.ok("GET", f"/orders/{order['id']}")["status"]
            self.assertEqual(status, "expired")
            with self.assertRaises(OSError):
                socket.create_connection(("127.0.0.1", p["port"]), timeout=2).close()
        finally:
            server.close()
            target.close()


def wait_for_port(port, deadline_s=5):
    end = time.monotonic() + deadline_s
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.05)


if __name__ == "__main__":
    unittest.main()
