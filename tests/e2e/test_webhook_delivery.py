"""Webhook deliveries end to end: a wallet drained through the real gateway emits BalanceEmpty
(a wallet crossing below 1 GB, BalanceLow), the delivery reactor POSTs seed 000 §09's payload to
a receiver on loopback, signed both ways; failures are retried on the schedule with the same
webhook-id, Retry-After is obeyed, 410 disables the webhook, a restart (even SIGKILL) neither
loses a delivery nor repeats a recorded success, and `sluice replay` sends nothing."""
import base64
import hashlib
import hmac
import json
import os
import subprocess
import tempfile
import time

from b2b_client import Api, new_account, restart, TIMESTAMP
from gateway_client import GatewayCase, GATEWAY_CONFIG, connect, recv_all, username, wait_for
from harness import Server, run
from gateway_target import Target
from webhook_receiver import Receiver

WEBHOOK_CONFIG = GATEWAY_CONFIG + """
[webhooks]
allow_private_targets = true
timeout = "2s"
retry_schedule = ["1s", "1s", "1s"]
"""
SLOW_RETRY_CONFIG = WEBHOOK_CONFIG.replace('retry_schedule = ["1s", "1s", "1s"]',
                                           'retry_schedule = ["3s", "3s"]')
GB = 1_000_000_000


def standard_signature(secret, webhook_id, timestamp, body):
    key = base64.b64decode(secret[len("whsec_"):])
    signed = webhook_id.encode() + b"." + timestamp.encode() + b"." + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def log_events(data_dir):
    out = run(["events", "--data-dir", data_dir, "--after", "0"], timeout=120)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


class DeliveryCase(GatewayCase):
    config = WEBHOOK_CONFIG

    def hooked_account(self, nbytes=100_000, events=("balance.low", "balance.empty"),
                       script=()):
        account = new_account(self.api)
        self.api.credit(account.customer_id, nbytes)
        receiver = Receiver(script)
        self.addCleanup(receiver.close)
        hook = account.webhook(receiver.url, events)
        return account, hook, receiver

    def relay(self, account, nbytes):
        """Downloads up to `nbytes` through the gateway (less if the wallet empties first)."""
        password = account.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        s = connect(self.server, username(account.customer_id), password, "www.bbc.co.uk",
                    self.target.port, timeout=20)
        s.sendall(f"SEND {nbytes}\n".encode())
        got = recv_all(s)
        s.close()
        return got

    def deliveries(self, account, hook_id, query=""):
        return account.ok("GET", f"/v1/b2b/webhooks/{hook_id}/deliveries{query}")

    def delivered_once(self):
        """An account whose webhook received its wallet's balance.empty and recorded it: the
        account, the hook, the receiver, the first request and the delivery's redeliver path."""
        account, hook, receiver = self.hooked_account()
        self.relay(account, 1_000_000)
        [first] = receiver.wait_for(1)
        delivery_id = first["headers"]["webhook-id"]
        self.settled_deliveries(account, hook["id"], 1)
        redeliver = f"/v1/b2b/webhooks/{hook['id']}/deliveries/{delivery_id}/redeliver"
        return account, hook, receiver, first, redeliver

    def settled_deliveries(self, account, hook_id, total):
        """The delivery history once it lists `total` attempts (the read model trails the log)."""
        wait_for(lambda: self.deliveries(account, hook_id)["total"] >= total, 10)
        return self.deliveries(account, hook_id)


class DeliveryTest(DeliveryCase):
    def test_an_empty_wallet_is_announced_signed_both_ways(self):
        account, hook, receiver = self.hooked_account()
        self.relay(account, 1_000_000)
        [req] = receiver.wait_for(1)
        body, headers = req["body"], req["headers"]
        payload = json.loads(body)
        self.assertEqual(list(payload), ["event", "customer_id", "balance_bytes", "balance_gb",
                                         "ts"])
        self.assertEqual(payload["event"], "balance.empty")
        self.assertEqual(payload["customer_id"], account.customer_id)
        self.assertEqual(payload["balance_bytes"], 0)
        self.assertIn(b'"balance_gb":0.00,', body)
        self.assertRegex(payload["ts"], TIMESTAMP)
        self.assertEqual(headers["Content-Type"], "application/json")
        # Seed 000 §09 / seed 001's verification: hex HMAC-SHA256 of the raw body.
        expected = hmac.new(hook["secret"].encode(), body, hashlib.sha256).hexdigest()
        self.assertTrue(hmac.compare_digest(headers["X-Vela-Signature"], "sha256=" + expected))
        # Standard Webhooks: base64 HMAC of "id.timestamp.body" under the decoded secret.
        self.assertTrue(headers["webhook-id"].startswith("dlv_"), headers)
        self.assertLess(abs(int(headers["webhook-timestamp"]) - time.time()), 60)
        self.assertEqual(headers["webhook-signature"],
                         standard_signature(hook["secret"], headers["webhook-id"],
                                            headers["webhook-timestamp"], body))
        history = self.settled_deliveries(account, hook["id"], 1)
        self.assertEqual(history["total"], 1)
        [row] = history["deliveries"]
        self.assertEqual({k: row[k] for k in ("id", "event", "success", "response_status",
                                              "error", "attempt", "manual")},
                         {"id": headers["webhook-id"], "event": "balance.empty", "success": True,
                          "response_status": 200, "error": None, "attempt": 1, "manual": False})
        self.assertRegex(row["attempted_at"], TIMESTAMP)
        self.assertGreaterEqual(row["duration_ms"], 0)
        time.sleep(1.5)
        self.assertEqual(receiver.count(), 1)  # Delivered once: never again.

    def test_a_wallet_crossing_below_one_gb_is_announced_once(self):
        account, hook, receiver = self.hooked_account(nbytes=GB + 50_000,
                                                      events=("balance.low",))
        self.relay(account, 100_000)
        self.relay(account, 100_000)  # Still below 1 GB: not announced again.
        [req] = receiver.wait_for(1)
        payload = json.loads(req["body"])
        self.assertEqual(payload["event"], "balance.low")
        self.assertLess(payload["balance_bytes"], GB)
        self.assertGreater(payload["balance_bytes"], GB - 300_000)
        self.assertIn(b'"balance_gb":1.00,', req["body"])
        time.sleep(1.5)
        self.assertEqual(receiver.count(), 1)

    def test_only_the_subscribed_events_are_sent(self):
        account, hook, receiver = self.hooked_account(events=("balance.low",))
        self.relay(account, 1_000_000)  # Empty, but the webhook wants only balance.low.
        time.sleep(2)
        self.assertEqual(receiver.count(), 0)

    def test_failures_are_retried_with_the_same_webhook_id(self):
        account, hook, receiver = self.hooked_account(
            script=[(500, {}), (500, {}), (500, {}), (200, {})])
        self.relay(account, 1_000_000)
        reqs = receiver.wait_for(4, timeout=30)
        ids = {r["headers"]["webhook-id"] for r in reqs}
        self.assertEqual(len(ids), 1, ids)
        self.assertEqual({r["body"] for r in reqs}, {reqs[0]["body"]})
        gaps = [b["at"] - a["at"] for a, b in zip(reqs, reqs[1:])]
        self.assertTrue(all(0.7 < g < 3.0 for g in gaps), gaps)  # 1 s ± 20 % jitter.
        history = self.settled_deliveries(account, hook["id"], 4)
        self.assertEqual(history["total"], 4)
        rows = history["deliveries"]  # Newest first.
        self.assertEqual([(r["attempt"], r["success"], r["response_status"]) for r in rows],
                         [(4, True, 200), (3, False, 500), (2, False, 500), (1, False, 500)])
        time.sleep(1.5)
        self.assertEqual(receiver.count(), 4)

    def test_a_delivery_is_given_up_when_the_schedule_runs_out(self):
        account, hook, receiver = self.hooked_account(script=[(503, {})] * 10)
        self.relay(account, 1_000_000)
        receiver.wait_for(4, timeout=30)  # The first attempt and three retries.
        time.sleep(2.5)
        self.assertEqual(receiver.count(), 4)
        history = self.settled_deliveries(account, hook["id"], 4)
        self.assertEqual([r["response_status"] for r in history["deliveries"]], [503] * 4)

    def test_retry_after_replaces_the_schedules_delay(self):
        account, hook, receiver = self.hooked_account(script=[(503, {"Retry-After": "3"})])
        self.relay(account, 1_000_000)
        first, second = receiver.wait_for(2, timeout=20)
        self.assertGreater(second["at"] - first["at"], 2.8)  # Not the schedule's 1 s.

    def test_a_receiver_answering_410_disables_the_webhook(self):
        account, hook, receiver = self.hooked_account(script=[(410, {})])
        self.relay(account, 1_000_000)
        receiver.wait_for(1)
        wait_for(lambda: not account.ok("GET", "/v1/b2b/webhooks")["webhooks"][0]["active"], 10)
        history = self.settled_deliveries(account, hook["id"], 1)
        self.assertEqual(history["deliveries"][0]["response_status"], 410)
        delivery_id = history["deliveries"][0]["id"]
        # The wallet empties again: nothing more is sent to a disabled webhook.
        self.api.credit(account.customer_id, 50_000)
        self.relay(account, 1_000_000)
        time.sleep(2)
        self.assertEqual(receiver.count(), 1)
        r = self.api.post(f"/v1/b2b/webhooks/{hook['id']}/deliveries/{delivery_id}/redeliver",
                          token=account.token)
        self.assertEqual(r.status_code, 409, r.text)

    def test_redeliver_sends_a_delivered_one_again_by_hand(self):
        account, hook, receiver, first, redeliver = self.delivered_once()
        delivery_id = first["headers"]["webhook-id"]
        r = self.api.post(redeliver, token=account.token)
        self.assertEqual(r.status_code, 202, r.text)
        self.assertEqual(r.json(), {"id": delivery_id, "webhook_id": hook["id"],
                                    "event": "balance.empty", "status": "queued"})
        _, again = receiver.wait_for(2)
        self.assertEqual(again["headers"]["webhook-id"], delivery_id)
        self.assertEqual(again["body"], first["body"])
        history = self.settled_deliveries(account, hook["id"], 2)
        self.assertEqual([(r["attempt"], r["manual"]) for r in history["deliveries"]],
                         [(2, True), (1, False)])
        time.sleep(1.5)
        self.assertEqual(receiver.count(), 2)

    def test_a_redelivery_asked_for_during_an_attempt_by_hand_gets_its_own(self):
        account, hook, receiver, _, redeliver = self.delivered_once()
        asked = []

        def while_in_flight(number):
            if number == 2:  # The second request finds the first queued: no third attempt.
                for _ in range(2):
                    asked.append(self.api.post(redeliver, token=account.token).status_code)

        receiver.before_answer = while_in_flight
        self.assertEqual(self.api.post(redeliver, token=account.token).status_code, 202)
        receiver.wait_for(3)
        self.assertEqual(asked, [202, 202])
        history = self.settled_deliveries(account, hook["id"], 3)
        self.assertEqual([(r["attempt"], r["manual"]) for r in history["deliveries"]],
                         [(3, True), (2, True), (1, False)])
        time.sleep(1.5)
        self.assertEqual(receiver.count(), 3)

    def test_a_redelivery_right_after_an_answer_counts_every_attempt_once(self):
        # Each redelivery reaches the reactor while the answer before it is still being
        # recorded: its attempt number must not be counted again.
        account, hook, receiver, _, redeliver = self.delivered_once()
        answers = []

        def again(number):
            if number < 8:
                answers.append(self.api.post(redeliver, token=account.token).status_code)

        receiver.after_answer = again
        self.assertEqual(self.api.post(redeliver, token=account.token).status_code, 202)
        receiver.wait_for(8)
        history = self.settled_deliveries(account, hook["id"], 8)
        self.assertEqual([r["attempt"] for r in history["deliveries"]], list(range(8, 0, -1)))
        self.assertEqual(answers, [202] * 6)
        time.sleep(1.5)
        self.assertEqual(receiver.count(), 8)

    def test_history_paging_and_tenant_isolation(self):
        account, hook, receiver = self.hooked_account(script=[(500, {}), (500, {})])
        self.relay(account, 1_000_000)
        receiver.wait_for(3, timeout=20)
        self.settled_deliveries(account, hook["id"], 3)
        page = self.deliveries(account, hook["id"], "?limit=2&offset=1")
        self.assertEqual(page["total"], 3)
        self.assertEqual([r["attempt"] for r in page["deliveries"]], [2, 1])
        for query in ("?limit=0", "?limit=101", "?offset=-1", "?limit=x"):
            r = self.api.get(f"/v1/b2b/webhooks/{hook['id']}/deliveries{query}", account.token)
            self.assertEqual(r.status_code, 400, query)
        delivery_id = page["deliveries"][0]["id"]
        other = new_account(self.api)
        for path in (f"/v1/b2b/webhooks/{hook['id']}/deliveries",):
            self.assertEqual(self.api.get(path, other.token).status_code, 404)
        redeliver = f"/v1/b2b/webhooks/{hook['id']}/deliveries/{delivery_id}/redeliver"
        self.assertEqual(self.api.post(redeliver, token=other.token).status_code, 404)
        unknown = f"/v1/b2b/webhooks/{hook['id']}/deliveries/dlv_000000000000000000000000/redeliver"
        self.assertEqual(self.api.post(unknown, token=account.token).status_code, 404)
        self.assertEqual(self.api.get("/v1/b2b/webhooks/wh_nope/deliveries",
                                      account.token).status_code, 404)


def self_signed(directory, name, san):
    """A self-signed certificate (its own CA) and key, as two PEM files."""
    cert, key = os.path.join(directory, name + ".pem"), os.path.join(directory, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", "/CN=" + name,
                    "-addext", "subjectAltName=" + san],
                   check=True, capture_output=True, timeout=60)
    return cert, key


class TlsTest(DeliveryCase):
    """HTTPS receivers. The server trusts two self-signed certificates through OpenSSL's own
    SSL_CERT_FILE (standing in for the system store): one for 127.0.0.1, one for another name."""

    @classmethod
    def setUpClass(cls):
        cls.certs = tempfile.TemporaryDirectory(prefix="sluice_e2e_tls_")
        cls.good = self_signed(cls.certs.name, "good", "IP:127.0.0.1")
        cls.wrong_name = self_signed(cls.certs.name, "wrong", "DNS:hooks.example.com")
        cls.untrusted = self_signed(cls.certs.name, "untrusted", "IP:127.0.0.1")
        store = os.path.join(cls.certs.name, "store.pem")
        with open(store, "w") as out:
            for cert, _ in (cls.good, cls.wrong_name):
                with open(cert) as f:
                    out.write(f.read())
        cls.server = Server(config_text=cls.config, extra_env={"SSL_CERT_FILE": store})
        cls.api = Api(cls.server.base)
        cls.target = Target()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.certs.cleanup()

    def tls_account(self, cert):
        account = new_account(self.api)
        self.api.credit(account.customer_id, 100_000)
        receiver = Receiver(tls=cert)
        self.addCleanup(receiver.close)
        hook = account.webhook(receiver.url, ("balance.empty",))
        return account, hook, receiver

    def test_a_trusted_certificate_for_the_address_receives_the_delivery(self):
        account, hook, receiver = self.tls_account(self.good)
        self.relay(account, 1_000_000)
        [req] = receiver.wait_for(1)
        self.assertEqual(json.loads(req["body"])["event"], "balance.empty")
        history = self.settled_deliveries(account, hook["id"], 1)
        self.assertTrue(history["deliveries"][0]["success"])

    def test_an_untrusted_or_misnamed_certificate_is_refused(self):
        for cert in (self.untrusted, self.wrong_name):
            account, hook, receiver = self.tls_account(cert)
            self.relay(account, 1_000_000)
            history = self.settled_deliveries(account, hook["id"], 1)
            row = history["deliveries"][-1]
            self.assertEqual((row["success"], row["response_status"]), (False, None))
            self.assertIn("certificate verify failed", row["error"])
            self.assertEqual(receiver.count(), 0)  # No request is ever written to it.


class RestartTest(DeliveryCase):
    """Each test runs its own server on a data directory that outlives it."""
    config = WEBHOOK_CONFIG

    def setUp(self):
        self.data = tempfile.TemporaryDirectory(prefix="sluice_e2e_wh_")
        self.addCleanup(self.data.cleanup)
        self.server.close()
        type(self).server = Server(data_dir=os.path.join(self.data.name, "d"),
                                   config_text=SLOW_RETRY_CONFIG)
        self.api.base = self.server.base

    def restart(self, **kwargs):
        status, type(self).server = restart(self.server, config_text=SLOW_RETRY_CONFIG, **kwargs)
        self.api.base = self.server.base
        return status

    def test_a_restart_between_attempts_still_completes_the_delivery(self):
        account, hook, receiver = self.hooked_account(script=[(500, {})])
        self.relay(account, 1_000_000)
        [first] = receiver.wait_for(1)
        time.sleep(0.5)  # The failed attempt is recorded; the retry is due in about 3 s.
        self.restart(sig=9)
        second = receiver.wait_for(2, timeout=20)[1]
        self.assertEqual(second["headers"]["webhook-id"], first["headers"]["webhook-id"])
        self.assertEqual(second["body"], first["body"])
        # A recorded success is never sent again, whatever stops the server.
        time.sleep(0.5)
        self.assertEqual(self.restart(), 0)
        self.restart(sig=9)
        time.sleep(4)
        self.assertEqual(receiver.count(), 2)
        account.relogin()
        history = self.settled_deliveries(account, hook["id"], 2)
        self.assertEqual([r["success"] for r in history["deliveries"]], [True, False])
        # One scheduling, two attempts, one outcome: the log says so.
        self.server.stop()
        events = [e for e in log_events(self.server.data_dir)
                  if e["stream"] == "delivery/" + first["headers"]["webhook-id"]]
        self.assertEqual([e["type"] for e in events],
                         ["WebhookDeliveryScheduled", "WebhookDeliveryAttempted",
                          "WebhookDeliveryAttempted", "WebhookDeliveryCompleted"])
        self.assertEqual(events[-1]["data"]["outcome"], "delivered")

    def test_replay_sends_nothing(self):
        account, hook, receiver = self.hooked_account(script=[(500, {})])
        self.relay(account, 1_000_000)
        receiver.wait_for(1)
        time.sleep(0.5)
        self.assertEqual(self.server.stop(), 0)
        out = run(["replay", "--data-dir", self.server.data_dir], timeout=300)
        self.assertEqual(out.returncode, 0, out.stderr)
        time.sleep(4)  # The retry would be due by now if anything but serve sent.
        self.assertEqual(receiver.count(), 1)
