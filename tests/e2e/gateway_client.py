"""Helpers of the gateway end-to-end tests: a server configured with four direct exit nodes on
127.0.0.2-5 and allow-listed names that resolve to the loopback target, and SOCKS5 clients
(PySocks, as seed 000 §05 uses it, and raw sockets for byte-exact protocol checks)."""
import signal
import socket
import struct
import time

import socks

from b2b_client import ServerCase, new_account, restart
from gateway_target import Target

SOCKS_DEFAULTS = {"handshake_timeout": "2s", "grant_bytes": 65536, "report_interval": "200ms"}


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return f'"{value}"'


def gateway_config(exit_nodes, socks=None, sections=""):
    """A server's config: the tests' admin token, the gateway on an ephemeral port (prefix
    "vela", private destinations allowed, SOCKS_DEFAULTS updated by `socks`), `sections` (TOML
    such as [resolver] or [services.X]) and `exit_nodes`, each a dict of its keys."""
    lines = ['[auth]', 'admin_token = "adm_test_token_0123456789"', '[socks]',
             'listen = "127.0.0.1:0"', 'username_prefix = "vela"',
             'allow_private_destinations = true']
    lines += [f"{k} = {toml_value(v)}" for k, v in {**SOCKS_DEFAULTS, **(socks or {})}.items()]
    lines.append(sections.strip())
    for node in exit_nodes:
        lines.append("[[exit_nodes]]")
        lines += [f"{k} = {toml_value(v)}" for k, v in node.items()]
    return "\n".join(lines) + "\n"


def direct_node(node_id, country, bind):
    return {"id": node_id, "country": country, "kind": "direct", "bind": bind}


STATIC_RESOLVER = ('[resolver]\nstatic = { "www.bbc.co.uk" = "127.0.0.1", "www.netflix.com" = '
                   '"127.0.0.1", "example.org" = "127.0.0.1" }')
GATEWAY_CONFIG = gateway_config(
    [direct_node("uk-1", "uk", "127.0.0.2"), direct_node("uk-2", "uk", "127.0.0.3"),
     direct_node("uk-3", "uk", "127.0.0.4"), direct_node("de-1", "de", "127.0.0.5")],
    sections=STATIC_RESOLVER)
UK_ADDRESSES = {"127.0.0.2", "127.0.0.3", "127.0.0.4"}


class GatewayCase(ServerCase):
    """A gateway server and the loopback target (gateway_target.py, or `target_class`) per test
    class."""
    config = GATEWAY_CONFIG
    target_class = Target

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.target = cls.target_class()

    @classmethod
    def tearDownClass(cls):
        cls.target.close()
        super().tearDownClass()

    def funded_account(self, nbytes=10_000_000):
        """A new account credited `nbytes`, and its tunnel credential's password."""
        account = new_account(self.api)
        self.api.credit(account.customer_id, nbytes)
        password = account.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        return account, password

    def serve_from(self, data_dir, config):
        """Replaces this class's server with one on `data_dir` (outside the server's own temporary
        directory, so that a restart keeps it), then runs setUp again for the new server."""
        self.server.close()
        type(self).server = self.server.__class__(data_dir=data_dir, config_text=config)
        self.api.base = self.server.base
        self.setUp()

    def restart_with(self, config, sig=signal.SIGTERM):
        """Stops the server with `sig` (a clean stop, or SIGKILL for a crash) and starts it
        again on the same data directory with `config`."""
        status, type(self).server = restart(self.server, config_text=config, sig=sig)
        self.assertEqual(status, 0 if sig == signal.SIGTERM else -sig)
        self.api.base = self.server.base


def username(customer_id, session="s1", country="uk", service=None):
    name = f"vela-{customer_id}-session-{session}-country-{country}"
    return name + (f"-service-{service}" if service else "")


def connect(server, user, password, host, port, timeout=10):
    """A PySocks socket connected through the gateway (remote DNS, as socks5h)."""
    s = socks.socksocket()
    s.set_proxy(socks.SOCKS5, server.socks_host, server.socks_port, rdns=True, username=user,
                password=password)
    s.settimeout(timeout)
    s.connect((host, port))
    return s


def recv_all(s):
    chunks = []
    while True:
        got = s.recv(65536)
        if not got:
            return b"".join(chunks)
        chunks.append(got)


def source_address(server, user, password, target_port, host="www.bbc.co.uk"):
    s = connect(server, user, password, host, target_port)
    try:
        s.sendall(b"IP\n")
        return recv_all(s).decode().strip()
    finally:
        s.close()


class RawSocks:
    """A SOCKS5 client speaking bytes, for replies PySocks hides."""

    def __init__(self, server, timeout=10):
        self.s = socket.create_connection((server.socks_host, server.socks_port), timeout=timeout)

    def close(self):
        self.s.close()

    def recv_exact(self, n):
        data = b""
        while len(data) < n:
            got = self.s.recv(n - len(data))
            if not got:
                break
            data += got
        return data

    def greet(self, methods=(2,)):
        self.s.sendall(bytes([5, len(methods), *methods]))
        return self.recv_exact(2)

    def auth(self, user, password):
        u, p = user.encode(), password.encode()
        self.s.sendall(bytes([1, len(u)]) + u + bytes([len(p)]) + p)
        return self.recv_exact(2)

    def request(self, host, port, command=1):
        h = host.encode()
        self.s.sendall(bytes([5, command, 0, 3, len(h)]) + h + struct.pack(">H", port))
        head = self.recv_exact(4)
        if len(head) < 4:
            return head
        rest = {1: 4, 4: 16}.get(head[3], 0) + 2
        return head + self.recv_exact(rest)

    def request_ip(self, address, port, command=1):
        """A request naming an IPv4 (ATYP 1) or IPv6 (ATYP 4) address; the whole reply."""
        if ":" in address:
            field = bytes([4]) + socket.inet_pton(socket.AF_INET6, address)
        else:
            field = bytes([1]) + socket.inet_aton(address)
        self.s.sendall(bytes([5, command, 0]) + field + struct.pack(">H", port))
        head = self.recv_exact(4)
        if len(head) < 4:
            return head
        return head + self.recv_exact({1: 4, 4: 16}.get(head[3], 0) + 2)


def wait_for(predicate, timeout=10.0, interval=0.05):
    """Polls until `predicate()` is truthy; returns its last value."""
    end = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < end:
        time.sleep(interval)
        value = predicate()
    return value
