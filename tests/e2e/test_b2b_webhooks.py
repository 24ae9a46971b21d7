"""Webhook registrations: public HTTPS targets only (every loopback, private, link-local, CGNAT
and multicast address is refused, however it is written), a 32-byte signing secret shown once,
listing, deleting; and the `allow_private_targets` switch that tests use for local receivers.

Only IP literals and "localhost" are used: the sandbox may have no DNS."""
import base64
import binascii
import unittest

from b2b_client import ServerCase, CONFIG, PRIVATE_WEBHOOKS_CONFIG, TIMESTAMP, new_account

PUBLIC_URL = "https://93.184.216.34/hook"
EVENTS = ["balance.low", "balance.empty"]
REFUSED_URLS = [
    "http://93.184.216.34/hook",  # not https
    "ftp://93.184.216.34/hook",
    "93.184.216.34/hook",
    "not a url",
    "",
    "https://127.0.0.1/x",
    "https://127.1.2.3/x",
    "https://10.0.0.5/x",
    "https://172.16.0.1/x",
    "https://192.168.1.1/x",
    "https://169.254.169.254/x",
    "https://100.64.0.1/x",
    "https://224.0.0.1/x",
    "https://[::1]/x",
    "https://[::ffff:127.0.0.1]/x",
    "https://[fe80::1]/x",
    "https://[fd00::1]/x",
    "https://[ff02::1]/x",
    "https://localhost/x",
    "https://localhost:8443/x",
]


def decode_secret(secret):
    """The raw bytes of `whsec_<base64>`, standard or URL-safe alphabet, padded or not."""
    text = secret[len("whsec_"):]
    text += "=" * (-len(text) % 4)
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        return base64.urlsafe_b64decode(text)


class WebhookTestCase(ServerCase):
    config = CONFIG

    def setUp(self):
        self.account = new_account(self.api)

    def register(self, url, events=EVENTS):
        return self.api.post("/v1/b2b/webhooks", {"url": url, "events": events},
                             self.account.token)

    def listed(self):
        return self.account.ok("GET", "/v1/b2b/webhooks")["webhooks"]

    def assertDetail(self, r, status, prefix=""):
        self.assertEqual(r.status_code, status, r.text)
        body = r.json()
        self.assertEqual(set(body), {"detail"})
        self.assertTrue(body["detail"].startswith(prefix), body)


class WebhooksTest(WebhookTestCase):
    def test_register_a_public_https_url(self):
        r = self.register(PUBLIC_URL)
        self.assertEqual(r.status_code, 201, r.text)
        hook = r.json()
        self.assertTrue(hook["id"].startswith("wh_"), hook)
        self.assertRegex(hook["created_at"], TIMESTAMP)
        self.assertTrue(hook["secret"].startswith("whsec_"), hook)
        self.assertEqual(len(decode_secret(hook["secret"])), 32)
        self.assertEqual(hook, {"id": hook["id"], "url": PUBLIC_URL, "events": EVENTS,
                                "secret": hook["secret"], "active": True,
                                "created_at": hook["created_at"]})

    def test_each_webhook_gets_its_own_secret(self):
        one = self.account.webhook(PUBLIC_URL)
        two = self.account.webhook(PUBLIC_URL, ["balance.empty"])
        self.assertNotEqual(one["id"], two["id"])
        self.assertNotEqual(one["secret"], two["secret"])
        self.assertEqual(two["events"], ["balance.empty"])

    def test_the_list_never_shows_the_secret(self):
        self.assertEqual(self.listed(), [])
        hook = self.account.webhook(PUBLIC_URL, EVENTS)
        self.assertEqual(self.listed(), [{k: hook[k] for k in ("id", "url", "events", "active",
                                                               "created_at")}])
        self.assertNotIn(hook["secret"][len("whsec_"):], str(self.listed()))

    def test_private_and_non_https_targets_are_400(self):
        for url in REFUSED_URLS:
            with self.subTest(url=url):
                self.assertDetail(self.register(url), 400, "url:")
        self.assertEqual(self.listed(), [])

    def test_a_port_outside_1_to_65535_is_400_naming_the_url(self):
        for url in ("https://93.184.216.34:99999/", "https://93.184.216.34:0/",
                    "https://93.184.216.34:65536/hook"):
            with self.subTest(url=url):
                r = self.register(url)
                self.assertDetail(r, 400, "url:")
                self.assertIn("port", r.json()["detail"])
        self.assertEqual(self.listed(), [])

    def test_events_must_be_known_and_not_empty(self):
        for events in ([], ["balance.full"], ["balance.low", "nope"], "balance.low", [1], None):
            with self.subTest(events=events):
                self.assertDetail(self.register(PUBLIC_URL, events), 400, "events:")
        self.assertEqual(self.listed(), [])

    def test_delete(self):
        gone = self.account.webhook(PUBLIC_URL)
        kept = self.account.webhook("https://93.184.216.35/other", ["balance.empty"])
        r = self.api.delete(f"/v1/b2b/webhooks/{gone['id']}", self.account.token)
        self.assertEqual((r.status_code, r.json()), (200, {"detail": "Webhook deleted"}))
        self.assertEqual([h["id"] for h in self.listed()], [kept["id"]])
        r = self.api.delete(f"/v1/b2b/webhooks/{gone['id']}", self.account.token)
        self.assertEqual((r.status_code, r.json()), (404, {"detail": "Not Found"}))
        r = self.api.delete("/v1/b2b/webhooks/wh_doesnotexist", self.account.token)
        self.assertEqual((r.status_code, r.json()), (404, {"detail": "Not Found"}))

    def test_another_accounts_webhook_is_404_and_untouched(self):
        other = new_account(self.api)
        theirs = other.webhook(PUBLIC_URL)
        r = self.api.delete(f"/v1/b2b/webhooks/{theirs['id']}", self.account.token)
        self.assertEqual((r.status_code, r.json()), (404, {"detail": "Not Found"}))
        self.assertEqual(self.listed(), [])
        self.assertEqual([h["id"] for h in other.ok("GET", "/v1/b2b/webhooks")["webhooks"]],
                         [theirs["id"]])


class PrivateTargetsAllowedTest(WebhookTestCase):
    config = PRIVATE_WEBHOOKS_CONFIG

    def test_loopback_and_plain_http_are_accepted(self):
        r = self.register("http://127.0.0.1:9/x", ["balance.empty"])
        self.assertEqual(r.status_code, 201, r.text)
        self.assertEqual(r.json()["url"], "http://127.0.0.1:9/x")
        self.assertEqual([h["url"] for h in self.listed()], ["http://127.0.0.1:9/x"])

    def test_events_are_still_checked(self):
        self.assertDetail(self.register("http://127.0.0.1:9/x", []), 400, "events:")


if __name__ == "__main__":
    unittest.main()
