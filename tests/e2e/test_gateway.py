"""The SOCKS5 gateway end to end (issue #4): real clients (curl, requests + PySocks, raw
sockets) through the real binary to a target on loopback, exit nodes on 127.0.0.2-5, and the
wallet checked through the REST API to the byte."""
import os
import subprocess
import tempfile
import threading
import time

import requests

from b2b_client import restart
from harness import Server
from gateway_client import (GATEWAY_CONFIG, UK_ADDRESSES, GatewayCase, RawSocks, connect,
                            recv_all, source_address, username, wait_for)

MB = 1_000_000


class GatewayTestCase(GatewayCase):
    def balance(self, account):
        return account.me()["balance_bytes"]

    def start_download(self, account, password, nbytes, session="s1"):
        """A socket through the gateway that has asked the target for `nbytes`, and the request
        it sent (its bytes are billed too)."""
        s = connect(self.server, username(account.customer_id, session=session), password,
                    "www.bbc.co.uk", self.target.port, timeout=20)
        request = f"SEND {nbytes}\n".encode()
        s.sendall(request)
        return s, request

    def settled_balance(self, account, expected, timeout=10):
        """The balance once it equals `expected` (reports arrive within report_interval)."""
        wait_for(lambda: self.balance(account) == expected, timeout)
        return self.balance(account)


class ClientsTest(GatewayTestCase):
    def test_curl_socks5h_reaches_the_target_through_a_uk_exit(self):
        account, password = self.funded_account()
        proxy = (f"socks5h://{username(account.customer_id)}:{password}@"
                 f"{self.server.socks_host}:{self.server.socks_port}")
        r = subprocess.run(["curl", "-sS", "--max-time", "20", "--proxy", proxy,
                            f"http://www.bbc.co.uk:{self.target.port}/iplayer"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(r.stdout, UK_ADDRESSES)

    def test_requests_with_pysocks_as_in_the_docs(self):
        account, password = self.funded_account()
        proxy = (f"socks5h://{username(account.customer_id, service='bbc')}:{password}@"
                 f"{self.server.socks_host}:{self.server.socks_port}")
        proxies = {"http": proxy, "https": proxy}
        r = requests.get(f"http://www.bbc.co.uk:{self.target.port}/iplayer", proxies=proxies,
                         timeout=30)
        self.assertEqual(r.status_code, 200)
        self.assertIn(r.text, UK_ADDRESSES)


class StickySessionTest(GatewayTestCase):
    def test_a_session_keeps_its_exit_over_twenty_connections(self):
        account, password = self.funded_account()
        user = username(account.customer_id, session="sticky_1")
        seen = {source_address(self.server, user, password, self.target.port) for _ in range(20)}
        self.assertEqual(len(seen), 1, seen)
        self.assertTrue(seen <= UK_ADDRESSES, seen)

    def test_the_country_picks_the_exit_node(self):
        account, password = self.funded_account()
        user = username(account.customer_id, session="german", country="de")
        self.assertEqual(source_address(self.server, user, password, self.target.port),
                         "127.0.0.5")

    def test_sessions_spread_over_the_least_loaded_nodes(self):
        account, password = self.funded_account()
        seen = {source_address(self.server, username(account.customer_id, session=f"spread{i}"),
                               password, self.target.port) for i in range(3)}
        self.assertEqual(seen, UK_ADDRESSES)


class BillingTest(GatewayTestCase):
    def test_upload_and_download_are_billed_exactly(self):
        account, password = self.funded_account()
        before = self.balance(account)
        user = username(account.customer_id)
        up_payload = b"SINK 300000\n" + b"u" * 300_000
        s = connect(self.server, user, password, "www.bbc.co.uk", self.target.port)
        s.sendall(up_payload)
        up_answer = recv_all(s)
        s.close()
        self.assertEqual(up_answer, b"OK\n")
        s = connect(self.server, user, password, "www.bbc.co.uk", self.target.port)
        request = b"SEND 500000\n"
        s.sendall(request)
        down = recv_all(s)
        s.close()
        self.assertEqual(len(down), 500_000)
        billed = len(up_payload) + len(up_answer) + len(request) + len(down)
        self.assertEqual(self.settled_balance(account, before - billed), before - billed)

    def test_a_wallet_of_one_megabyte_stops_a_ten_megabyte_download_at_zero(self):
        account, password = self.funded_account(nbytes=MB)
        s, request = self.start_download(account, password, 10_000_000)
        down = recv_all(s)
        s.close()
        self.assertLessEqual(len(request) + len(down), MB)
        self.assertEqual(self.settled_balance(account, 0), 0)
        self.assertEqual(len(request) + len(down), MB)  # Every granted byte was relayed.
        me = account.me()
        self.assertTrue(me["needs_topup"], me)
        # A zero-balance session is refused, with 0x02, and costs nothing.
        raw = RawSocks(self.server)
        self.assertEqual(raw.greet(), b"\x05\x02")
        self.assertEqual(raw.auth(username(account.customer_id), password), b"\x01\x00")
        self.assertEqual(raw.request("www.bbc.co.uk", self.target.port)[:2], b"\x05\x02")
        raw.close()
        self.assertEqual(self.balance(account), 0)

    def test_two_hundred_concurrent_tunnels_are_billed_exactly(self):
        account, password = self.funded_account(nbytes=100 * MB)
        before = self.balance(account)
        moved = []
        errors = []

        def one(i):
            try:
                s = connect(self.server, username(account.customer_id, session=f"c{i % 7}"),
                            password, "www.bbc.co.uk", self.target.port, timeout=60)
                request = f"SEND {10_000 + i}\n".encode()
                s.sendall(request)
                got = recv_all(s)
                s.close()
                moved.append(len(request) + len(got))
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(repr(e))

        threads = [threading.Thread(target=one, args=(i,)) for i in range(200)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(moved), 200)
        expected = before - sum(moved)
        self.assertEqual(self.settled_balance(account, expected, timeout=20), expected)


class RevocationTest(GatewayTestCase):
    def test_revoking_the_key_ends_a_download_within_a_second(self):
        account, _ = self.funded_account(nbytes=1000 * MB)
        key = account.mint("mid-download")
        s, _ = self.start_download(account, key["key"], 900_000_000)
        got = s.recv(65536)
        self.assertTrue(got)
        account.ok("DELETE", f"/v1/b2b/api-keys/{key['id']}")
        revoked_at = time.monotonic()
        while True:
            data = s.recv(1 << 20)  # Read as fast as it comes, until the gateway closes.
            if not data:
                break
        ended_after = time.monotonic() - revoked_at
        s.close()
        self.assertLess(ended_after, 1.0)
        raw = RawSocks(self.server)
        raw.greet()
        self.assertEqual(raw.auth(username(account.customer_id), key["key"]), b"\x01\x01")
        raw.close()


class DiscardTest(GatewayTestCase):
    def test_discarding_a_session_ends_its_downloads_within_a_second_and_no_others(self):
        account, password = self.funded_account(nbytes=1000 * MB)
        doomed, _ = self.start_download(account, password, 900_000_000, session="gone1")
        other, _ = self.start_download(account, password, 900_000_000, session="kept1")
        self.assertTrue(doomed.recv(65536))
        self.assertTrue(other.recv(65536))
        account.ok("POST", "/v1/b2b/proxy/discard", {"session": "gone1", "country": "uk"})
        discarded_at = time.monotonic()
        while doomed.recv(1 << 20):  # Read as fast as it comes, until the gateway closes.
            pass
        self.assertLess(time.monotonic() - discarded_at, 1.0)
        doomed.close()
        more = 0
        while more < 20_000_000:  # More than any buffer holds: another session goes on.
            got = other.recv(1 << 20)
            self.assertTrue(got, "the other session's download ended too")
            more += len(got)
        other.close()

    def test_a_discard_after_a_rotate_ends_what_the_rotate_left_running_and_blacklists_it(self):
        account, password = self.funded_account(nbytes=1000 * MB)
        old = source_address(self.server, username(account.customer_id, session="rd1"),
                             password, self.target.port)
        left, _ = self.start_download(account, password, 900_000_000, session="rd1")
        self.assertTrue(left.recv(65536))
        account.ok("POST", "/v1/b2b/proxy/rotate", {"session": "rd1", "country": "uk"})
        self.assertTrue(left.recv(1 << 20), "a rotate must leave open tunnels running")
        body = account.ok("POST", "/v1/b2b/proxy/discard", {"session": "rd1", "country": "uk"})
        self.assertEqual(body, {"session": "rd1", "country": "uk", "discarded": True})
        discarded_at = time.monotonic()
        while left.recv(1 << 20):
            pass
        self.assertLess(time.monotonic() - discarded_at, 1.0)
        left.close()
        seen = {source_address(self.server, username(account.customer_id, session=f"rd_n{i}"),
                               password, self.target.port) for i in range(6)}
        self.assertNotIn(old, seen)
        self.assertTrue(seen <= UK_ADDRESSES - {old}, seen)


class SlowReaderTest(GatewayTestCase):
    def test_a_client_that_stops_reading_for_a_while_still_gets_everything(self):
        # The relay's grants are spent as bytes enter its pipe and billed as they leave it: a
        # stalled client must not be mistaken for an exhausted wallet.
        account, password = self.funded_account(nbytes=100 * MB)
        before = self.balance(account)
        s, request = self.start_download(account, password, 30_000_000)
        got = len(s.recv(65536))
        self.assertGreater(got, 0)
        time.sleep(2.5)  # Buffers and the pipe fill; several reports go by.
        got += len(recv_all(s))
        s.close()
        self.assertEqual(got, 30_000_000)
        expected = before - len(request) - got
        self.assertEqual(self.settled_balance(account, expected), expected)


class KeyQuotaTest(GatewayTestCase):
    def download(self, account, password, nbytes, session="s1"):
        """Bytes moved both ways by one `SEND nbytes` through the gateway, until it closes."""
        s, request = self.start_download(account, password, nbytes, session)
        got = recv_all(s)
        s.close()
        return len(request) + len(got)

    def refusal(self, account, password):
        raw = RawSocks(self.server)
        raw.greet()
        self.assertEqual(raw.auth(username(account.customer_id), password), b"\x01\x00")
        reply = raw.request("www.bbc.co.uk", self.target.port)[:2]
        raw.close()
        return reply

    def test_a_capped_key_stops_at_its_cap_while_another_key_works(self):
        account, password = self.funded_account(nbytes=10 * MB)
        capped = account.mint("capped", quota_gb=0.0003)  # 300 000 bytes
        before = self.balance(account)
        moved = self.download(account, capped["key"], 2 * MB)
        self.assertEqual(moved, 300_000)  # Every byte the cap allows, and not one more.
        wait_for(lambda: account.key(capped["id"])["used_bytes"] == 300_000)
        self.assertEqual(self.refusal(account, capped["key"]), b"\x05\x02")
        # The account's other key is untouched by that cap.
        other = self.download(account, password, 500_000, session="s2")
        self.assertEqual(other, len(b"SEND 500000\n") + 500_000)
        expected = before - 300_000 - other
        self.assertEqual(self.settled_balance(account, expected), expected)
        self.assertEqual(account.key(capped["id"])["used_bytes"], 300_000)
        # Raising the cap lets the key go on, up to the new cap.
        account.ok("POST", f"/v1/b2b/api-keys/{capped['id']}/quota", {"quota_gb": 0.0004})
        self.assertEqual(self.download(account, capped["key"], MB), 100_000)
        wait_for(lambda: account.key(capped["id"])["used_bytes"] == 400_000)

    def test_lowering_the_cap_mid_download_ends_it_within_a_second(self):
        account, _ = self.funded_account(nbytes=1000 * MB)
        key = account.mint("lowered", quota_gb=900)
        s, _ = self.start_download(account, key["key"], 900_000_000)
        self.assertTrue(s.recv(65536))
        account.ok("POST", f"/v1/b2b/api-keys/{key['id']}/quota", {"quota_gb": 0.000001})
        lowered_at = time.monotonic()
        while s.recv(1 << 20):
            pass
        ended_after = time.monotonic() - lowered_at
        s.close()
        self.assertLess(ended_after, 1.0)
        self.assertEqual(self.refusal(account, key["key"]), b"\x05\x02")
        # A reset of the tally (as a monthly job would) opens the key again.
        account.ok("POST", f"/v1/b2b/api-keys/{key['id']}/quota", {"reset_used": True})
        wait_for(lambda: account.key(key["id"])["used_bytes"] == 0)
        self.assertEqual(self.download(account, key["key"], 100), len(b"SEND 100\n") + 100)
        # Until its final report, a closed tunnel still holds its grant of the last 1000 bytes.
        wait_for(lambda: account.key(key["id"])["used_bytes"] == 109)
        self.assertEqual(self.download(account, key["key"], 5000), 1000 - 109)  # Cap: 1000 B.


class CleanStopTest(GatewayTestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.TemporaryDirectory(prefix="sluice_gateway_stop_")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.data.cleanup()

    def test_a_clean_stop_bills_what_open_tunnels_relayed(self):
        # This class's server is replaced by one on a data dir that outlives it.
        self.server.close()
        type(self).server = Server(data_dir=os.path.join(self.data.name, "d"),
                                   config_text=GATEWAY_CONFIG)
        self.api.base = self.server.base
        account, password = self.funded_account(nbytes=1000 * MB)
        before = self.balance(account)
        s, request = self.start_download(account, password, 900_000_000)
        got = len(s.recv(65536))
        status, type(self).server = restart(self.server, config_text=GATEWAY_CONFIG)
        while True:  # What the gateway relayed before it closed, still in the socket.
            data = s.recv(1 << 20)
            if not data:
                break
            got += len(data)
        s.close()
        self.assertEqual(status, 0)
        self.api.base = self.server.base
        account.relogin()
        expected = before - len(request) - got
        self.assertEqual(self.settled_balance(account, expected), expected)
