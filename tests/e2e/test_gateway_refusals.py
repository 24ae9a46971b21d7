"""What the gateway refuses, with which SOCKS5 code, and that a refusal costs nothing (issue #4):
auth failures (0x01 in RFC 1929), destinations off the allow-list or private (0x02), BIND
(0x07), and malformed or truncated handshakes, which must leave the gateway serving and leak
no descriptor."""
import os
import random
import socket

from b2b_client import new_account
from gateway_client import (GATEWAY_CONFIG, GatewayCase, RawSocks, source_address, username,
                            wait_for)

MB = 1_000_000


class RefusalCase(GatewayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = new_account(cls.api)
        cls.api.credit(cls.account.customer_id, 10 * MB)
        cls.password = cls.account.ok("GET", "/v1/b2b/tunnel-credential")["password"]

    def authed(self, user=None):
        raw = RawSocks(self.server)
        self.assertEqual(raw.greet(), b"\x05\x02")
        self.assertEqual(raw.auth(user or username(self.account.customer_id), self.password),
                         b"\x01\x00")
        return raw

    def balance(self):
        return self.account.me()["balance_bytes"]


class AuthenticationTest(RefusalCase):
    def test_a_client_offering_only_no_auth_gets_0xff(self):
        raw = RawSocks(self.server)
        self.assertEqual(raw.greet(methods=(0,)), b"\x05\xff")
        raw.close()

    def test_wrong_or_foreign_credentials_fail_with_status_1(self):
        other = new_account(self.api)
        foreign = other.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        cid = self.account.customer_id
        cases = [
            (username(cid), self.password[:-1] + ("A" if self.password[-1] != "A" else "B")),
            (username(cid), foreign),                           # another account's key
            (username(other.customer_id), self.password),       # another account's name
            (username(cid, country="fr"), self.password),       # no exit node there
            (username(cid, service="radio"), self.password),    # unknown service tag
            (f"other-{cid}-session-s1-country-uk", self.password),
            (username(cid, session="UPPER"), self.password),
            (username("u_nobody000000"), self.password),
            (username(cid), "sk_live_" + "a" * 56),
        ]
        for user, password in cases:
            with self.subTest(user=user):
                raw = RawSocks(self.server)
                self.assertEqual(raw.greet(), b"\x05\x02")
                self.assertEqual(raw.auth(user, password), b"\x01\x01")
                raw.close()

    def test_an_unknown_address_type_answers_0x08(self):
        raw = self.authed()
        raw.s.sendall(b"\x05\x01\x00\x09\x01\x02\x03\x04\x00\x50")
        self.assertEqual(raw.recv_exact(2), b"\x05\x08")
        raw.close()

    def test_bind_is_not_supported(self):
        raw = self.authed()
        self.assertEqual(raw.request("www.bbc.co.uk", self.target.port, command=2)[:2],
                         b"\x05\x07")
        raw.close()


class DestinationTest(RefusalCase):
    def test_names_off_the_allow_list_are_refused_and_not_billed(self):
        before = self.balance()
        # The NUL case: a resolver would read "example.org" where the allow-list saw bbc.co.uk.
        for host in ("example.org", "bbc.co.uk.evil.test", "notbbc.co.uk",
                     "example.org\x00.bbc.co.uk", "www.bbc.co.uk:80", "www bbc.co.uk"):
            with self.subTest(host=host):
                raw = self.authed()
                reply = raw.request(host, self.target.port)
                self.assertEqual(reply[:2], b"\x05\x02")
                raw.close()
        raw = self.authed()
        self.assertEqual(raw.request_ip("127.0.0.1", self.target.port)[:2], b"\x05\x02")
        raw.close()
        self.assertEqual(self.balance(), before)

    def test_a_service_tag_lets_only_its_own_hosts_pass(self):
        user = username(self.account.customer_id, service="netflix")
        raw = self.authed(user)
        self.assertEqual(raw.request("www.bbc.co.uk", self.target.port)[:2], b"\x05\x02")
        raw.close()
        raw = self.authed(user)
        self.assertEqual(raw.request("www.netflix.com", self.target.port)[:2], b"\x05\x00")
        raw.close()

    def test_a_refused_target_port_is_0x05_and_the_bound_address_is_not_the_exit(self):
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        closed.close()  # Nothing listens there now.
        raw = self.authed()
        self.assertEqual(raw.request("www.bbc.co.uk", port)[:2], b"\x05\x05")
        raw.close()
        raw = self.authed()
        reply = raw.request("www.bbc.co.uk", self.target.port)
        self.assertEqual(reply[:4], b"\x05\x00\x00\x01")
        self.assertEqual(socket.inet_ntoa(reply[4:8]), "127.0.0.1")  # The gateway's address.
        raw.close()


class MalformedHandshakeTest(RefusalCase):
    def open_descriptors(self):
        return len(os.listdir(f"/proc/{self.server.proc.pid}/fd"))

    def test_random_and_truncated_handshakes_leave_the_gateway_serving(self):
        source_address(self.server, username(self.account.customer_id), self.password,
                       self.target.port)  # Whatever a first tunnel opens for good is open now.
        descriptors = self.open_descriptors()
        rng = random.Random(4)
        user = username(self.account.customer_id).encode()
        pw = self.password.encode()
        valid = (bytes([5, 1, 2]) + bytes([1, len(user)]) + user + bytes([len(pw)]) + pw
                 + bytes([5, 1, 0, 3, 13]) + b"www.bbc.co.uk" + self.target.port.to_bytes(2, "big"))
        for i in range(300):
            kind = i % 3
            if kind == 0:
                payload = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 80)))
            elif kind == 1:
                payload = valid[:rng.randrange(1, len(valid))]
            else:
                payload = bytearray(valid)
                payload[rng.randrange(len(payload))] = rng.randrange(256)
                payload = bytes(payload)
            s = socket.create_connection((self.server.socks_host, self.server.socks_port),
                                         timeout=5)
            try:
                s.sendall(payload)
                s.shutdown(socket.SHUT_WR)
                s.settimeout(3)
                while s.recv(4096):
                    pass
            except OSError:
                pass
            finally:
                s.close()
        address = source_address(self.server, username(self.account.customer_id), self.password,
                                 self.target.port)
        self.assertTrue(address.startswith("127.0.0."), address)
        self.assertIsNone(self.server.proc.poll())
        # Nor leaking: every connection's descriptors come back (a few of the log's files may
        # come and go meanwhile, so a small margin; a leak would be one per connection or more).
        self.assertTrue(wait_for(lambda: self.open_descriptors() <= descriptors + 4),
                        (descriptors, self.open_descriptors()))

    def test_a_silent_client_is_dropped_after_the_handshake_timeout(self):
        s = socket.create_connection((self.server.socks_host, self.server.socks_port), timeout=10)
        s.sendall(b"\x05")
        self.assertEqual(s.recv(16), b"")  # Closed by the 2 s handshake deadline.
        s.close()


class PrivateDestinationTest(RefusalCase):
    config = GATEWAY_CONFIG.replace("allow_private_destinations = true",
                                    "allow_private_destinations = false")

    def test_allow_listed_names_resolving_to_private_addresses_are_refused(self):
        before = self.balance()
        raw = self.authed()
        self.assertEqual(raw.request("www.bbc.co.uk", self.target.port)[:2], b"\x05\x02")
        raw.close()
        self.assertEqual(wait_for(lambda: self.balance() == before, 1.0), True)
