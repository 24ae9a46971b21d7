"""Events out to Kafka as a downstream consumer sees them: `sluice serve` with kafka.brokers
pointing at a Kafka-protocol mock cluster, read back with kcat. An outage of every broker loses
nothing; a restart of sluice resumes without gaps; 10 000 events survive an outage and a SIGKILL
in the middle of publishing them, with duplicates only by event id."""
import json
import os
import signal
import subprocess
import tempfile
import time
import unittest
import uuid

import requests

from b2b_client import append_events
from harness import Server

KAFKA_MOCK = os.environ["E2E_KAFKA_MOCK"]
TOPIC = "sluice.events"


class MockCluster:
    def __init__(self):
        self.proc = subprocess.Popen([KAFKA_MOCK, TOPIC], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        assert line.startswith("bootstrap="), line
        self.bootstrap = line[len("bootstrap="):]

    def command(self, text):
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "ok " + text

    def close(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        self.proc.wait(timeout=30)


def kcat_all(bootstrap):
    """Every message of the topic: (key, headers dict, envelope)."""
    out = subprocess.run(
        ["kcat", "-C", "-b", bootstrap, "-t", TOPIC, "-o", "beginning", "-e", "-q",
         "-f", "%k\t%h\t%s\n"], capture_output=True, text=True, timeout=60, check=True).stdout
    messages = []
    for line in out.splitlines():
        key, headers, value = line.split("\t", 2)
        pairs = dict(h.split("=", 1) for h in headers.split(",")) if headers else {}
        messages.append((key, pairs, json.loads(value)))
    return messages


def signup(base):
    r = requests.post(base + "/v1/b2b/signup", timeout=30,
                      json={"email": f"k{uuid.uuid4().hex[:10]}@example.com",
                            "password": "correct-horse-battery"})
    assert r.status_code == 201, r.text
    return r.json()["customer_id"]


def wait_until(check, timeout=60, interval=0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(interval)
    return check()


class KafkaTest(unittest.TestCase):
    def setUp(self):
        self.cluster = MockCluster()
        self.env = {"SLUICE_KAFKA_BROKERS": self.cluster.bootstrap}
        self.data = tempfile.TemporaryDirectory(prefix="sluice_kafka_")
        self.data_dir = os.path.join(self.data.name, "data")
        self.server = Server(data_dir=self.data_dir, extra_env=self.env)

    def tearDown(self):
        self.server.close()
        self.cluster.close()
        self.data.cleanup()

    def kafka_health(self):
        return requests.get(self.server.base + "/healthz", timeout=10).json()["kafka"]

    def caught_up(self):
        k = self.kafka_health()
        return k["lag_events"] == 0

    def assert_log_equals_topic(self):
        """Kafka holds every envelope of the log, in log order per stream, exactly as logged."""
        logged = subprocess.run(
            [os.environ["E2E_SLUICE_BIN"], "events", "--after", "0", "--data-dir",
             self.data_dir], capture_output=True, text=True, timeout=60, check=True)
        envelopes = [json.loads(line) for line in logged.stdout.splitlines()]
        messages = kcat_all(self.cluster.bootstrap)
        unique = {}
        for key, headers, envelope in messages:
            self.assertEqual(key, envelope["stream"])
            self.assertEqual(headers["event-type"], envelope["type"])
            self.assertEqual(headers["event-id"], envelope["id"])
            self.assertEqual(headers["event-seq"], str(envelope["seq"]))
            unique.setdefault(envelope["id"], envelope)
        self.assertEqual(sorted(unique.values(), key=lambda e: e["seq"]), envelopes)
        per_stream = {}
        for _, _, envelope in messages:
            versions = per_stream.setdefault(envelope["stream"], [])
            if not versions or envelope["version"] > versions[-1]:
                versions.append(envelope["version"])
        for stream, versions in per_stream.items():
            self.assertEqual(versions, list(range(1, len(versions) + 1)), stream)
        return messages

    def test_every_event_reaches_the_topic_with_key_and_headers(self):
        for _ in range(5):
            signup(self.server.base)
        self.assertTrue(wait_until(self.caught_up), self.kafka_health())
        metrics = requests.get(self.server.base + "/metrics", timeout=10).text
        self.assertIn("sluice_kafka_lag_events 0\n", metrics)
        self.assert_log_equals_topic()

    def test_a_broker_outage_delays_and_a_restart_resumes(self):
        signup(self.server.base)
        self.assertTrue(wait_until(self.caught_up))
        self.cluster.command("down")
        for _ in range(3):
            signup(self.server.base)  # The API keeps working while Kafka is away.
        time.sleep(1.5)
        during = self.kafka_health()
        self.assertEqual(during["lag_events"], 6)
        self.assertGreater(during["lag_seconds"], 1.0)
        self.cluster.command("up")
        self.assertTrue(wait_until(self.caught_up, timeout=120), self.kafka_health())
        self.assertEqual(self.server.stop(), 0)
        self.server.close()
        self.server = Server(data_dir=self.data_dir, extra_env=self.env)
        signup(self.server.base)
        self.assertTrue(wait_until(self.caught_up))
        self.assert_log_equals_topic()

    def test_ten_thousand_events_survive_an_outage_and_a_sigkill_mid_publish(self):
        self.assertEqual(self.server.stop(), 0)
        self.server.close()
        ts = "2026-11-23T10:00:00.000Z"
        append_events(self.data_dir, [
            {"stream": f"load/s{n // 500}", "type": "LoadTestEvent", "ts": ts, "data": {"n": n}}
            for n in range(10_000)])
        # Every broker is away while sluice reads the 10 000 events and hands them to the
        # producer; they come back and sluice is killed as soon as the first confirmations
        # arrive: some events confirmed, some delivered but unconfirmed, some still queued.
        self.cluster.command("down")
        self.server = Server(data_dir=self.data_dir, extra_env=self.env)
        time.sleep(1.0)
        self.assertEqual(self.kafka_health()["position"], 0)
        self.cluster.command("up")
        self.assertTrue(wait_until(lambda: self.kafka_health()["position"] > 0, timeout=60,
                                   interval=0.01))
        self.server.stop(signal.SIGKILL)
        self.server.close()
        self.server = Server(data_dir=self.data_dir, extra_env=self.env)
        self.assertTrue(wait_until(self.caught_up, timeout=180), self.kafka_health())
        messages = self.assert_log_equals_topic()
        load = [e["id"] for _, _, e in messages if e["type"] == "LoadTestEvent"]
        self.assertEqual(len(set(load)), 10_000)


if __name__ == "__main__":
    unittest.main()
