"""`sluice serve` and its open-descriptor limit: it raises its soft limit to the hard one at
start (each tunnel holds two descriptors), and when it runs out anyway its listeners pause
instead of spinning on the queued connections, and serve again once descriptors are free. A
CONNECT that finds no descriptor for its outgoing socket fails (0x01) without taking the exit
node down: being short here is not the node's fault."""
import http.client
import json
import os
import resource
import socket
import time
import unittest

import requests

from b2b_client import Api, new_account
from gateway_client import (GATEWAY_CONFIG, STATIC_RESOLVER, RawSocks, direct_node,
                            gateway_config, source_address, username, wait_for)
from gateway_target import Target
from harness import Server, run

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def soft_limit_of(pid):
    with open(f"/proc/{pid}/limits") as f:
        for line in f:
            if line.startswith("Max open files"):
                return int(line.split()[3])
    raise AssertionError("no open files line in /proc/PID/limits")


def cpu_seconds(pid):
    """User + system CPU time of the whole process (all threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def open_descriptors(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


# REST connections that wait for a request longer than a test, with no cap that would shed them.
HOLD_HTTP_CONNECTIONS = ('[http]\nmax_connections = 100000\n'
                         'max_connections_per_address = 100000\nheader_timeout = "120s"\n')


def hold_every_descriptor(server, limit):
    """Keep-alive REST connections to `server`, each proven taken by a request it answered,
    until the server holds `limit` descriptors."""
    host, port = server.base[len("http://"):].split(":")
    held = []
    while open_descriptors(server.proc.pid) < limit:
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("GET", "/healthz")
        conn.getresponse().read()
        held.append(conn)
    return held


class RaisedLimitTest(unittest.TestCase):
    def test_serve_raises_its_soft_open_files_limit_to_the_hard_one(self):
        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or hard < 64:
            self.skipTest(f"hard open files limit {hard}: nothing to raise to")
        soft = min(1024, hard // 2)
        server = Server(config_text=GATEWAY_CONFIG,
                        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE,
                                                              (soft, hard)))
        try:
            self.assertEqual(soft_limit_of(server.proc.pid), hard)
            self.assertIn(f"open files limit {hard} (two per tunnel)", server.log())
        finally:
            server.close()


class OutOfDescriptorsTest(unittest.TestCase):
    LIMIT = 256

    def setUp(self):
        # The descriptors are taken by REST connections that wait for a request longer than the
        # test, with no cap that would shed them: SOCKS handshakes waiting would be shed to make
        # room (test_serve_connection_limits.py), which is not what this test is about.
        config = gateway_config([{"id": "uk-1", "country": "uk", "kind": "direct",
                                  "bind": "127.0.0.2"}], socks={"handshake_timeout": "120s"})
        config += HOLD_HTTP_CONNECTIONS
        limit = self.LIMIT
        self.server = Server(config_text=config,
                             preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE,
                                                                   (limit, limit)))
        self.held = []

    def tearDown(self):
        for s in self.held:
            s.close()
        self.server.close()

    def test_listeners_pause_while_out_of_descriptors_and_serve_again_after(self):
        pid = self.server.proc.pid
        address = (self.server.socks_host, self.server.socks_port)
        self.held = hold_every_descriptor(self.server, self.LIMIT)
        # Then gateway clients: the kernel queues them in the backlog.
        for _ in range(32):
            self.held.append(socket.create_connection(address, timeout=10))
        self.assertTrue(wait_for(lambda: "socks.listen: cannot accept connections (Too many open "
                                         "files)" in self.server.log(), timeout=30),
                        self.server.log())
        self.assertGreaterEqual(open_descriptors(pid), self.LIMIT - 2)

        # Out of descriptors with connections queued, the process must not spin on them.
        before, started = cpu_seconds(pid), time.monotonic()
        time.sleep(2.0)
        busy = (cpu_seconds(pid) - before) / (time.monotonic() - started)
        self.assertLess(busy, 0.5, "the accept loop spins while out of descriptors")
        # Logged once per episode, not once per try (20 tries in those 2 s).
        self.assertLess(self.server.log().count("socks.listen: cannot accept"), 5)

        # Descriptors come back: the queued connections and new ones are served.
        for s in self.held:
            s.close()
        self.held = []
        raw = RawSocks(self.server)
        self.assertEqual(raw.greet(), b"\x05\x02")
        raw.close()
        self.assertTrue(wait_for(lambda: "socks.listen: accepting again after" in
                                 self.server.log()))
        r = requests.get(self.server.base + "/healthz", timeout=10)
        self.assertEqual(r.status_code, 200)


class ShortOfDescriptorsTest(unittest.TestCase):
    LIMIT = 256

    def setUp(self):
        config = gateway_config([direct_node("uk-1", "uk", "127.0.0.2")],
                                socks={"handshake_timeout": "120s"}, sections=STATIC_RESOLVER)
        config += HOLD_HTTP_CONNECTIONS
        limit = self.LIMIT
        self.server = Server(config_text=config,
                             preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE,
                                                                   (limit, limit)))
        self.target = Target()
        api = Api(self.server.base)
        self.account = new_account(api)
        api.credit(self.account.customer_id, 1_000_000)
        self.password = self.account.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        self.held = []

    def tearDown(self):
        for s in self.held:
            s.close()
        self.target.close()
        self.server.close()

    def node_events(self):
        out = run(["events", "--data-dir", self.server.data_dir, "--after", "0"], timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        events = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
        return [e["type"] for e in events if e["stream"] == "node/uk-1"]

    def test_a_connect_short_of_descriptors_fails_without_taking_the_exit_node_down(self):
        pid = self.server.proc.pid
        # REST connections the server holds, one at a time, until it holds every descriptor it
        # may have. (Not gateway handshakes: those would be shed to make room.)
        self.held = hold_every_descriptor(self.server, self.LIMIT)
        # One back (the first, surely accepted): the next client's connection takes it, and its
        # CONNECT finds none left.
        self.held.pop(0).close()
        self.assertTrue(wait_for(lambda: open_descriptors(pid) < self.LIMIT))
        raw = RawSocks(self.server)
        self.assertEqual(raw.greet(), b"\x05\x02")
        self.assertEqual(raw.auth(username(self.account.customer_id), self.password),
                         b"\x01\x00")
        self.assertEqual(raw.request("www.bbc.co.uk", self.target.port)[:2], b"\x05\x01")
        raw.close()
        for s in self.held:
            s.close()
        self.held = []
        # The node was not blamed: it is up, and the next tunnel leaves through it.
        self.assertEqual(source_address(self.server, username(self.account.customer_id),
                                        self.password, self.target.port), "127.0.0.2")
        self.assertEqual(self.node_events(), ["NodeRegistered"])


if __name__ == "__main__":
    unittest.main()
