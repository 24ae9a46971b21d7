"""`sluice replay` and `sluice events` over a log of a few thousand mixed events made by the real
actors (tests/e2e/seed_events.cpp), and `events --follow` beside a running server."""
import json
import os
import signal
import subprocess
import tempfile
import unittest

from harness import SEED_EVENTS, SLUICE, Server, clean_env, run

ACCOUNTS = 300  # About 10 events per account: a few thousand in all.


class LogToolsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="sluice_e2e_log_")
        cls.data_dir = os.path.join(cls.tmp.name, "data")
        seeded = subprocess.run([SEED_EVENTS, cls.data_dir, str(ACCOUNTS)], capture_output=True,
                                text=True, timeout=600, env=clean_env())
        assert seeded.returncode == 0, seeded.stderr
        cls.last_seq = int(seeded.stdout.strip())

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_the_seeded_log_has_a_few_thousand_events(self):
        self.assertGreater(self.last_seq, 2500)

    def test_replay_reports_rebuilt_projections_equal(self):
        r = run(["replay", "--data-dir", self.data_dir], timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, rf"^replayed {self.last_seq} events: projections equal "
                                   r"\(live (\d+) keys, rebuilt \1 keys\)\n$")

    def test_events_prints_every_envelope_in_order_as_json_lines(self):
        r = run(["events", "--data-dir", self.data_dir, "--after", "0"], timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), self.last_seq)
        envelopes = [json.loads(line) for line in lines]
        self.assertEqual([e["seq"] for e in envelopes], list(range(1, self.last_seq + 1)))
        self.assertEqual(list(envelopes[0].keys()),
                         ["seq", "id", "type", "stream", "version", "ts", "data"])
        types = {e["type"] for e in envelopes}
        self.assertTrue({"AccountCreated", "EmailClaimed", "WalletCredited", "ApiKeyMinted",
                         "ApiKeyRevoked", "ApiKeyQuotaSet", "ApiKeyUsageReset"} <= types, types)
        self.assertEqual(len({e["id"] for e in envelopes}), self.last_seq)
        # No secret is ever in the log: only hashes and sealed copies.
        self.assertNotIn('"sk_live_', "".join(l for l in lines if "ApiKeyMinted" not in l))
        tail = run(["events", "--data-dir", self.data_dir, "--after", str(self.last_seq - 3)])
        self.assertEqual([json.loads(l)["seq"] for l in tail.stdout.splitlines()],
                         [self.last_seq - 2, self.last_seq - 1, self.last_seq])

    def test_events_follow_works_beside_a_running_server(self):
        server = Server(data_dir=self.data_dir)
        try:
            follower = subprocess.Popen(
                [SLUICE, "events", "--data-dir", self.data_dir, "--after",
                 str(self.last_seq - 10), "--follow"],
                env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            seqs = [json.loads(follower.stdout.readline())["seq"] for _ in range(10)]
            self.assertEqual(seqs, list(range(self.last_seq - 9, self.last_seq + 1)))
            follower.send_signal(signal.SIGINT)
            self.assertEqual(follower.wait(timeout=30), 0)
            follower.stdout.close()
            follower.stderr.close()
            self.assertEqual(server.stop(), 0)
        finally:
            server.close()


if __name__ == "__main__":
    unittest.main()
