"""What a reseller does to a proxy (seed 001, issue #21), seen from its port: a fast reset moves
new tunnels to another node of the location and leaves an open download running; a hard reset
cuts it within a second; with no other free node a reset is 409 and changes nothing, or runs the
node's reset_command (502 when it fails); connect moves the proxy to another location's node
with new credentials (the old ones get 407); disconnect cuts open tunnels and refuses new ones
with 503 (SOCKS5 0x03); the fingerprint is stored and shown."""
import base64
import os
import socket
import subprocess
import tempfile
import time
import types
import unittest

from b2b_client import Api
from gateway_client import RawSocks
from gateway_target import Target
from harness import Server
from reseller_client import Reseller, reseller_config
from test_reseller_proxies import wait_for_port

PORTS = "21200-21299"  # Apart from the other reseller files: ctest runs them side by side.


def source_of(p, target):
    """The source address the target sees through proxy `p` (HTTP proxy, absolute-form)."""
    done = subprocess.run(["curl", "-sS", "-i", "--max-time", "10", "-x",
                           f"http://{p['username']}:{p['password']}@127.0.0.1:{p['port']}",
                           f"http://127.0.0.1:{target.port}/"],
                          capture_output=True, text=True, timeout=30)
    head, _, body = done.stdout.partition("\n\n")  # Text mode: CRLF reads as LF.
    return head.split(" ", 2)[1] if head else "", body


class Download:
    """An open CONNECT tunnel through `p` downloading without end; `cut()` says whether (and
    when) it stopped."""

    def __init__(self, p, target):
        self.s = socket.create_connection(("127.0.0.1", p["port"]), timeout=10)
        credentials = base64.b64encode(f"{p['username']}:{p['password']}".encode())
        self.s.sendall(f"CONNECT 127.0.0.1:{target.port} HTTP/1.1\r\n".encode()
                       + b"Proxy-Authorization: Basic " + credentials + b"\r\n\r\n")
        assert self.s.recv(1024).startswith(b"HTTP/1.1 200")
        self.s.sendall(b"SEND 100000000000\n")
        self.s.settimeout(0.2)

    def cut_within(self, seconds):
        """True if the download ends within `seconds`; reads what arrives meanwhile."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                if not self.s.recv(1 << 20):
                    return True
            except (ConnectionResetError, BrokenPipeError):
                return True
            except socket.timeout:
                continue
        return False

    def close(self):
        self.s.close()


class ProxyActionsTest(unittest.TestCase):
    def setUp(self):
        self.target = Target()
        self.server = Server(config_text=reseller_config(ports=PORTS))
        self.r = Reseller(Api(self.server.base))
        self.r.credit("100.00")
        self.p = self.proxy(self.r.buy(1, 1)["proxy_id"])

    def tearDown(self):
        self.server.close()
        self.target.close()

    def proxy(self, proxy_id):
        p = self.r.ok("GET", f"/proxies/{proxy_id}")
        wait_for_port(p["port"])
        return p

    def reset(self, mode, status=200):
        return self.r.ok("POST", f"/proxies/{self.p['id']}/reset", {"mode": mode}, status=status)

    def test_a_fast_reset_moves_new_tunnels_and_keeps_open_ones(self):
        self.assertEqual(source_of(self.p, self.target), ("200", "127.0.0.4"))
        download = Download(self.p, self.target)
        try:
            self.assertEqual(self.reset("fast"), {"detail": "Proxy IP reset", "mode": "fast"})
            self.assertEqual(source_of(self.p, self.target), ("200", "127.0.0.5"))
            self.assertFalse(download.cut_within(1.5))
        finally:
            download.close()
        self.assertEqual(self.reset("fast")["mode"], "fast")
        self.assertEqual(source_of(self.p, self.target), ("200", "127.0.0.4"))

    def test_a_hard_reset_cuts_open_tunnels_and_moves(self):
        download = Download(self.p, self.target)
        try:
            self.assertEqual(self.reset("hard"), {"detail": "Proxy IP reset", "mode": "hard"})
            self.assertTrue(download.cut_within(1.0))
        finally:
            download.close()
        self.assertEqual(source_of(self.p, self.target), ("200", "127.0.0.5"))

    def test_with_no_other_free_node_and_no_command_a_reset_is_409_and_changes_nothing(self):
        self.proxy(self.r.buy(1, 1)["proxy_id"])  # Takes lax-2.
        r = self.r.call("POST", f"/proxies/{self.p['id']}/reset", {"mode": "fast"})
        self.assertEqual(r.status_code, 409, r.text)
        self.assertEqual(source_of(self.p, self.target), ("200", "127.0.0.4"))
        for body in ({"mode": "soft"}, {}, {"mode": 1}):
            with self.subTest(body=body):
                r = self.r.call("POST", f"/proxies/{self.p['id']}/reset", body)
                self.assertEqual(r.status_code, 400, r.text)
                self.assertTrue(r.json()["detail"].startswith("mode"), r.text)

    def test_connect_moves_to_the_location_with_new_credentials(self):
        moved = self.r.ok("POST", f"/proxies/{self.p['id']}/connect", {"location_id": "NYC"})
        self.assertEqual(set(moved), {"ip", "port", "username", "password", "location_id"})
        self.assertEqual(moved["location_id"], "NYC")
        self.assertNotEqual(moved["password"], self.p["password"])
        self.assertEqual(source_of(self.p, self.target)[0], "407")
        now = self.r.ok("GET", f"/proxies/{self.p['id']}")
        self.assertEqual((now["username"], now["password"], now["location_id"]),
                         (moved["username"], moved["password"], "NYC"))
        self.assertEqual(source_of(now, self.target), ("200", "127.0.0.6"))
        r = self.r.call("POST", f"/proxies/{self.p['id']}/connect", {"location_id": "MIA"})
        self.assertEqual(r.status_code, 400, r.text)
        other = self.proxy(self.r.buy(1, 1)["proxy_id"])  # lax-1 is free again.
        self.assertEqual(other["location_id"], "LAX")

    def test_disconnect_cuts_open_tunnels_and_refuses_new_ones_with_503(self):
        download = Download(self.p, self.target)
        try:
            shown = self.r.ok("POST", f"/proxies/{self.p['id']}/disconnect")
            self.assertEqual(shown["status"], "disconnected")
            self.assertTrue(download.cut_within(1.0))
        finally:
            download.close()
        self.assertEqual(source_of(self.p, self.target)[0], "503")
        raw = RawSocks(types.SimpleNamespace(socks_host="127.0.0.1", socks_port=self.p["port"]))
        try:
            raw.greet()
            self.assertEqual(raw.auth(self.p["username"], self.p["password"]), b"\x01\x00")
            self.assertEqual(raw.request("127.0.0.1", self.target.port)[:2], b"\x05\x03")
        finally:
            raw.close()
        listed = self.r.ok("GET", "/proxies")["proxies"]
        self.assertEqual([p["status"] for p in listed], ["disconnected"])
        self.assertEqual(self.r.call("POST", f"/proxies/{self.p['id']}/reset",
                                     {"mode": "fast"}).status_code, 409)
        back = self.r.ok("POST", f"/proxies/{self.p['id']}/connect", {"location_id": "LAX"})
        self.assertEqual(back["location_id"], "LAX")
        now = self.r.ok("GET", f"/proxies/{self.p['id']}")
        self.assertEqual(now["status"], "active")
        self.assertEqual(source_of(now, self.target)[0], "200")

    def test_the_fingerprint_is_stored_and_shown(self):
        self.assertEqual(self.p["fingerprint"], "none")
        self.assertEqual(self.r.ok("POST", f"/proxies/{self.p['id']}/fingerprint",
                                   {"fingerprint": "windows"}),
                         {"detail": "Fingerprint updated", "fingerprint": "windows"})
        self.assertEqual(self.r.ok("GET", f"/proxies/{self.p['id']}")["fingerprint"], "windows")
        self.assertEqual(source_of(self.p, self.target), ("200", "127.0.0.4"))
        r = self.r.call("POST", f"/proxies/{self.p['id']}/fingerprint", {"fingerprint": "beos"})
        self.assertEqual(r.status_code, 400, r.text)

    def test_another_accounts_proxy_is_404_for_every_action(self):
        other = Reseller(self.r.api)
        for path, body in (("connect", {"location_id": "NYC"}), ("disconnect", None),
                           ("reset", {"mode": "fast"}), ("fingerprint", {"fingerprint": "linux"})):
            with self.subTest(path=path):
                r = other.call("POST", f"/proxies/{self.p['id']}/{path}", body)
                self.assertEqual(r.status_code, 404, r.text)
        self.assertEqual(source_of(self.p, self.target), ("200", "127.0.0.4"))


class ResetCommandTest(unittest.TestCase):
    """A location with one node: a reset runs the node's reset_command (without a shell, with
    SLUICE_NODE and SLUICE_MODE) and succeeds when it exits 0, 502 and no change otherwise."""

    def test_the_reset_command_decides(self):
        tmp = tempfile.TemporaryDirectory(prefix="sluice_reset_")
        self.addCleanup(tmp.cleanup)
        record = os.path.join(tmp.name, "record")
        script = os.path.join(tmp.name, "reset.sh")
        with open(script, "w") as f:
            f.write('#!/bin/sh\necho "$SLUICE_NODE $SLUICE_MODE" >> "$1"\n'
                    '[ -e "$1.fail" ] && exit 3\nexit 0\n')
        os.chmod(script, 0o755)
        config = reseller_config(ports=PORTS).replace(
            'id = "nyc-1"\nlocation = "NYC"\n',
            f'id = "nyc-1"\nlocation = "NYC"\nreset_command = ["{script}", "{record}"]\n')
        server = Server(config_text=config)
        try:
            r = Reseller(Api(server.base))
            r.credit("10.00")
            order = r.order(2, 3)  # Shared NYC: nyc-1 is the location's only node.
            r.ok("POST", f"/orders/{order['id']}/pay")
            proxy_id = r.ok("GET", f"/orders/{order['id']}")["proxy_id"]
            self.assertEqual(r.ok("POST", f"/proxies/{proxy_id}/reset", {"mode": "hard"}),
                             {"detail": "Proxy IP reset", "mode": "hard"})
            with open(record) as f:
                self.assertEqual(f.read(), "nyc-1 hard\n")
            open(record + ".fail", "w").close()
            failed = r.call("POST", f"/proxies/{proxy_id}/reset", {"mode": "fast"})
            self.assertEqual(failed.status_code, 502, failed.text)
            with open(record) as f:
                self.assertEqual(f.read(), "nyc-1 hard\nnyc-1 fast\n")
        finally:
            server.close()


if __name__ == "__main__":
    unittest.main()
