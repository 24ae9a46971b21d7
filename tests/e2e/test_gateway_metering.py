"""BytesMetered as the gateway writes it (issue #4): exactly the fields the issue names, with the
tunnel's account, key, session, country, service and exit node; a report at least every
`[socks] report_interval` while the tunnel moves bytes, numbered from 1 without a gap, and a
final one at close; together they bill exactly the payload relayed each way."""
import json
import time
from datetime import datetime

from b2b_client import new_account
from gateway_client import (GatewayCase, direct_node, gateway_config, connect, recv_all,
                            source_address, username, wait_for, STATIC_RESOLVER)
from harness import run

MB = 1_000_000
FIELDS = {"account", "key_id", "session", "country", "service", "node", "tunnel", "report",
          "bytes_up", "bytes_down"}
NODES = {"127.0.0.2": "uk-1", "127.0.0.3": "uk-2"}
# Grants far larger than the download: only the interval and the close make a report.
CONFIG = gateway_config([direct_node("uk-1", "uk", "127.0.0.2"),
                         direct_node("uk-2", "uk", "127.0.0.3")],
                        socks={"report_interval": "1s", "grant_bytes": 64 * MB},
                        sections=STATIC_RESOLVER)


def parse_ts(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()


class MeteringTest(GatewayCase):
    config = CONFIG

    def metered(self, account_id):
        out = run(["events", "--data-dir", self.server.data_dir, "--after", "0"], timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        events = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
        return [e for e in events
                if e["type"] == "BytesMetered" and e["stream"] == f"account/{account_id}"]

    def test_a_slow_upload_is_reported_every_interval_with_every_field_and_billed_exactly(self):
        account = new_account(self.api)
        self.api.credit(account.customer_id, 100 * MB)
        key = account.mint("metered")
        user = username(account.customer_id, "meter_1", "uk", "bbc")
        exit_address = source_address(self.server, user, key["key"], self.target.port)
        # An upload paced by the client: the relay moves it as it comes, over about 2.5 s (a
        # download would sit in socket buffers, relayed long before the client reads it).
        chunk, chunks = 60_000, 50
        s = connect(self.server, user, key["key"], "www.bbc.co.uk", self.target.port)
        request = f"SINK {chunk * chunks}\n".encode()
        s.sendall(request)
        for _ in range(chunks):
            s.sendall(b"u" * chunk)
            time.sleep(0.05)
        answer = recv_all(s)
        s.close()
        self.assertEqual(answer, b"OK\n")
        up, down = len(request) + chunk * chunks, len(answer)

        def tunnel_reports():
            by_tunnel = {}
            for e in self.metered(account.customer_id):
                by_tunnel.setdefault(e["data"]["tunnel"], []).append(e)
            return next((r for r in by_tunnel.values()
                         if sum(e["data"]["bytes_up"] for e in r) == up
                         and sum(e["data"]["bytes_down"] for e in r) == down), None)

        reports = None
        deadline = time.monotonic() + 10
        while reports is None and time.monotonic() < deadline:
            reports = tunnel_reports()  # The final report follows the close.
            time.sleep(0.1)
        self.assertIsNotNone(reports, self.metered(account.customer_id))
        for e in reports:
            data = e["data"]
            self.assertEqual(set(data), FIELDS)
            self.assertEqual((data["account"], data["key_id"], data["session"], data["country"],
                              data["service"], data["node"]),
                             (account.customer_id, key["id"], "meter_1", "uk", "bbc",
                              NODES[exit_address]))
            self.assertRegex(data["tunnel"], r"^tun_")
        self.assertEqual([e["data"]["report"] for e in reports], list(range(1, len(reports) + 1)))
        # At least two interval reports and the final one, none further apart than the interval
        # allows (1 s, plus a report's own way to the log, which ASan on a busy machine slows).
        self.assertGreaterEqual(len(reports), 3, reports)
        times = [parse_ts(e["ts"]) for e in reports]
        gaps = [b - a for a, b in zip(times, times[1:])]
        self.assertLess(max(gaps), 2.0, gaps)
        # And the wallet paid for both tunnels to the byte ("IP\n" and the exit's address back).
        expected = 100 * MB - (3 + len(exit_address) + 1) - up - down
        wait_for(lambda: account.me()["balance_bytes"] == expected)
        self.assertEqual(account.me()["balance_bytes"], expected)
