"""The read models survive kill -9 (issue #20 §1). Under operator credits and SOCKS downloads the
server is killed at a random moment, again and again; after each kill the read models, brought up
to the log's end from where the kill left them, must equal a rebuild from the log (`sluice replay
--check`), the ledger must pass `sluice verify`, and after the restart what the customer reads
(the key's used bytes, the balance) must match the log to the byte.

Before the fix, the projections stood at different checkpoints after a restart, the runner moved
the checkpoint of one that was ahead back to the end of the first batch, and it then applied the
events between a second time: the ledger's running balance jumped and key tallies grew by 75 %."""
import json
import random
import signal
import tempfile
import threading
import os
import unittest

import requests

from b2b_client import ADMIN_TOKEN, Api, new_account, wait_for_projections
from gateway_client import (STATIC_RESOLVER, connect, direct_node, gateway_config, username)
from gateway_target import Target
from harness import Server, run

KILLS = 20
CONFIG = gateway_config([direct_node("uk-1", "uk", "127.0.0.2"),
                         direct_node("uk-2", "uk", "127.0.0.3")],
                        socks={"grant_bytes": 262144, "report_interval": "100ms"},
                        sections=STATIC_RESOLVER)


class Load:
    """Two threads of operator credits (unique references) and two of SOCKS downloads, until
    stop(). Every failure is expected once the server is killed, so none is raised."""

    def __init__(self, server, account, password, target_port, round_no):
        self.stopping = threading.Event()
        self.base = server.base
        self.credits = 0
        self.threads = [threading.Thread(target=self._credit, args=(account, f"{round_no}-{i}"),
                                         daemon=True) for i in range(2)]
        self.threads += [threading.Thread(target=self._download,
                                          args=(server, account, password, target_port, i),
                                          daemon=True) for i in range(2)]
        for t in self.threads:
            t.start()

    def _credit(self, account, tag):
        n = 0
        while not self.stopping.is_set():
            n += 1
            try:
                requests.post(f"{self.base}/v1/admin/accounts/{account.customer_id}/credit",
                              headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                              json={"bytes": 1000 + n, "reference": f"crash-{tag}-{n}"},
                              timeout=5)
            except requests.RequestException:
                pass

    def _download(self, server, account, password, target_port, i):
        while not self.stopping.is_set():
            try:
                s = connect(server, username(account.customer_id, f"dl{i}"), password,
                            "www.bbc.co.uk", target_port, timeout=5)
                with s:
                    s.sendall(b"SEND 4000000\n")
                    while not self.stopping.is_set() and s.recv(65536):
                        pass
            except OSError:
                pass

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=30)


class CrashReadModelsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="sluice_e2e_crash_")
        self.data_dir = os.path.join(self.tmp.name, "data")
        self.target = Target()
        self.server = Server(data_dir=self.data_dir, config_text=CONFIG)

    def tearDown(self):
        self.server.close()
        self.target.close()
        self.tmp.cleanup()

    def start(self):
        self.server.close()
        self.server = Server(data_dir=self.data_dir, config_text=CONFIG)

    def check_log_tools(self, kill_no):
        """With the server stopped: read models equal a rebuild, and the ledger verifies."""
        check = run(["replay", "--check", "--data-dir", self.data_dir], timeout=600)
        self.assertEqual(check.returncode, 0,
                         f"after kill {kill_no}: {check.stdout}{check.stderr}")
        verify = run(["verify", "--data-dir", self.data_dir], timeout=600)
        self.assertEqual(verify.returncode, 0,
                         f"after kill {kill_no}: {verify.stdout}{verify.stderr}")

    def metered_bytes(self, customer_id):
        out = run(["events", "--data-dir", self.data_dir, "--after", "0"], timeout=600)
        self.assertEqual(out.returncode, 0, out.stderr)
        total = 0
        for line in out.stdout.splitlines():
            e = json.loads(line)
            if e["type"] == "BytesMetered" and e["stream"] == f"account/{customer_id}":
                total += e["data"]["bytes_up"] + e["data"]["bytes_down"]
        return total

    def ledger_balance(self, customer_id):
        """The running balance of the account's last ledger entry (`sluice audit`)."""
        out = run(["audit", "--data-dir", self.data_dir, "--account", customer_id, "--format",
                   "jsonl"], timeout=600)
        self.assertEqual(out.returncode, 0, out.stderr)
        return json.loads(out.stdout.splitlines()[-1])["balance_bytes"]

    def test_read_models_equal_a_rebuild_after_every_one_of_twenty_kills(self):
        rng = random.Random(20)
        api = Api(self.server.base)
        account = new_account(api)
        api.credit(account.customer_id, 10**15)
        password = account.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        primary = account.keys()[0]["id"]
        for kill_no in range(1, KILLS + 1):
            load = Load(self.server, account, password, self.target.port, kill_no)
            # A random moment: inside a projection batch, between two, during a group commit.
            threading.Event().wait(rng.uniform(0.4, 2.0))
            self.assertEqual(self.server.stop(signal.SIGKILL), -signal.SIGKILL)
            load.stop()
            # `replay --check` first brings the live read models up to the log's end from where
            # the kill left them (what a restart does), then compares them with a rebuild.
            self.check_log_tools(kill_no)
            self.start()
            account.api = Api(self.server.base)
            wait_for_projections(self.server)
            account.relogin()
            if kill_no % 5 == 0:
                # What the customer reads equals what the log metered, to the byte.
                key = account.key(primary)
                self.assertEqual(key["used_bytes"], self.metered_bytes(account.customer_id),
                                 f"after kill {kill_no}")
                self.assertEqual(self.ledger_balance(account.customer_id),
                                 account.me()["balance_bytes"], f"after kill {kill_no}")


if __name__ == "__main__":
    unittest.main()
