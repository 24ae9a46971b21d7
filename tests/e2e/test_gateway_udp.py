"""UDP ASSOCIATE through the gateway (issue #4): PySocks' UDP client through the real binary to
a UDP target on loopback; payload bytes billed both ways, the session's exit node used, and
datagrams from anyone but the client or to refused destinations dropped unbilled."""
import socket
import struct

import socks

from gateway_client import UK_ADDRESSES, RawSocks, source_address, username
from test_gateway import GatewayTestCase

QUIET = 0.5  # Seconds to wait for a datagram that must not come.


class UdpTest(GatewayTestCase):
    def udp_client(self, account, password, session="s1"):
        s = socks.socksocket(socket.AF_INET, socket.SOCK_DGRAM)
        s.set_proxy(socks.SOCKS5, self.server.socks_host, self.server.socks_port, rdns=True,
                    username=username(account.customer_id, session=session), password=password)
        s.settimeout(10)
        s.bind(("127.0.0.1", 0))
        return s

    def test_a_round_trip_is_relayed_from_the_sessions_exit_and_billed_exactly(self):
        account, password = self.funded_account()
        before = self.balance(account)
        s = self.udp_client(account, password, session="udp_1")
        payloads = [b"hello", b"y" * 1200, b"z" * 30000]
        billed = 0
        sources = set()
        for payload in payloads:
            s.sendto(payload, ("www.bbc.co.uk", self.target.udp_port))
            answer, sender = s.recvfrom(65535)
            source, echoed = answer.split(b" ", 1)
            self.assertEqual(echoed, payload)
            self.assertEqual(sender, ("127.0.0.1", self.target.udp_port))
            sources.add(source.decode())
            billed += len(payload) + len(answer)
        s.close()
        self.assertEqual(len(sources), 1, sources)
        self.assertIn(sources.pop(), UK_ADDRESSES)
        expected = before - billed
        self.assertEqual(self.settled_balance(account, expected), expected)

    def test_udp_leaves_from_the_same_node_as_the_sessions_tcp(self):
        account, password = self.funded_account()
        user = username(account.customer_id, session="both_ways")
        tcp_source = source_address(self.server, user, password, self.target.port)
        s = self.udp_client(account, password, session="both_ways")
        s.sendto(b"IP", ("www.bbc.co.uk", self.target.udp_port))
        answer, _ = s.recvfrom(65535)
        s.close()
        self.assertEqual(answer.split(b" ", 1)[0].decode(), tcp_source)

    def test_refused_destinations_and_strangers_are_dropped_unbilled(self):
        account, password = self.funded_account()
        before = self.balance(account)
        raw = RawSocks(self.server)
        raw.greet()
        raw.auth(username(account.customer_id), password)
        client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        client.bind(("127.0.0.1", 0))
        client.settimeout(QUIET)
        reply = raw.request_ip("127.0.0.1", client.getsockname()[1], command=3)
        self.assertEqual(reply[:4], b"\x05\x00\x00\x01")
        self.assertEqual(socket.inet_ntoa(reply[4:8]), self.server.socks_host)  # Never the node.
        relay = (self.server.socks_host, struct.unpack(">H", reply[8:10])[0])
        self.assertNotEqual(relay[1], 0)

        def header(host, port):
            name = host.encode()
            return b"\x00\x00\x00\x03" + bytes([len(name)]) + name + struct.pack(">H", port)

        # Not on the allow-list, then a fragment, then from another port than the declared one.
        client.sendto(header("evil.example.net", self.target.udp_port) + b"x", relay)
        client.sendto(b"\x00\x00\x01" + header("www.bbc.co.uk", self.target.udp_port)[3:] + b"x",
                      relay)
        stranger = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        stranger.bind(("127.0.0.1", 0))
        stranger.settimeout(QUIET)
        stranger.sendto(header("www.bbc.co.uk", self.target.udp_port) + b"x", relay)
        for sock in (client, stranger):
            with self.assertRaises(socket.timeout):
                sock.recvfrom(65535)
        stranger.close()
        # The declared client still works, and pays only for its own round trip.
        client.settimeout(10)
        client.sendto(header("www.bbc.co.uk", self.target.udp_port) + b"ping", relay)
        answer, _ = client.recvfrom(65535)
        self.assertEqual(answer[:4], b"\x00\x00\x00\x01")  # The header names the target's IPv4.
        payload = answer[10:]
        self.assertTrue(payload.endswith(b" ping"), payload)
        raw.close()  # Ends the association.
        expected = before - len(b"ping") - len(payload)
        self.assertEqual(self.settled_balance(account, expected), expected)
        client.settimeout(QUIET)
        client.sendto(header("www.bbc.co.uk", self.target.udp_port) + b"late", relay)
        with self.assertRaises(OSError):  # Timeout, or refused: the relay is gone.
            client.recvfrom(65535)
        client.close()
        self.assertEqual(self.balance(account), expected)

    def test_a_key_with_nothing_left_is_refused_with_0x02(self):
        account, _ = self.funded_account()
        key = account.mint("no-udp", quota_gb=0)
        raw = RawSocks(self.server)
        raw.greet()
        self.assertEqual(raw.auth(username(account.customer_id), key["key"]), b"\x01\x00")
        self.assertEqual(raw.request_ip("0.0.0.0", 0, command=3)[:2], b"\x05\x02")
        raw.close()
