"""Tunnels that go quiet (`[socks] tunnel_idle_timeout`, 1 s here): a tunnel or UDP association
that moves no byte either way for that long is closed by the gateway, so a client gone without a
FIN cannot hold its grant for good, and is billed for exactly what it moved. One that keeps
moving, however slowly, stays open."""
import time

from gateway_client import (STATIC_RESOLVER, GatewayCase, RawSocks, connect, direct_node,
                            gateway_config, recv_all, username, wait_for)

CONFIG = gateway_config([direct_node("uk-1", "uk", "127.0.0.2")],
                        socks={"tunnel_idle_timeout": "1s"}, sections=STATIC_RESOLVER)


class IdleTunnelTest(GatewayCase):
    config = CONFIG

    def setUp(self):
        self.account, self.password = self.funded_account()

    def balance(self):
        return self.account.me()["balance_bytes"]

    def tunnel(self):
        return connect(self.server, username(self.account.customer_id), self.password,
                       "www.bbc.co.uk", self.target.port)

    def test_a_tunnel_idle_past_the_timeout_is_closed_and_billed_for_what_it_moved(self):
        before = self.balance()
        s = self.tunnel()
        sent = b"SINK 100\n" + b"u" * 40  # The target waits for 60 more bytes that never come.
        s.sendall(sent)
        quiet_from = time.monotonic()
        self.assertEqual(s.recv(1), b"")  # Closed by the gateway (the socket waits up to 10 s).
        quiet_for = time.monotonic() - quiet_from
        s.close()
        self.assertGreaterEqual(quiet_for, 1.0)
        self.assertLess(quiet_for, 5.0)
        expected = before - len(sent)
        wait_for(lambda: self.balance() == expected)
        self.assertEqual(self.balance(), expected)

    def test_a_tunnel_that_keeps_moving_however_slowly_stays_open(self):
        s = self.tunnel()
        s.sendall(b"SINK 8\n")
        for _ in range(8):  # 3.2 s in all, never 1 s without a byte.
            time.sleep(0.4)
            s.sendall(b"u")
        self.assertEqual(recv_all(s), b"OK\n")
        s.close()

    def test_an_idle_udp_association_ends_with_its_control_connection(self):
        raw = RawSocks(self.server)
        self.assertEqual(raw.greet(), b"\x05\x02")
        self.assertEqual(raw.auth(username(self.account.customer_id, "udp_idle"), self.password),
                         b"\x01\x00")
        self.assertEqual(raw.request_ip("0.0.0.0", 0, command=3)[:2], b"\x05\x00")
        quiet_from = time.monotonic()
        self.assertEqual(raw.s.recv(1), b"")
        self.assertGreaterEqual(time.monotonic() - quiet_from, 1.0)
        raw.close()
