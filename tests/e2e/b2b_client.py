"""Shared helpers for the B2B REST API end-to-end tests (test_b2b_*.py): the configuration the
server runs with, a small HTTP client, accounts (signup + login), hand-made JWTs, and metered
usage written into a stopped server's log with the `append_events` tool (E2E_APPEND_EVENTS)."""
import base64
import hashlib
import hmac
import json
import os
import signal
import subprocess
import time
import unittest
import uuid
from datetime import datetime, timedelta, timezone

import requests

from harness import Server, clean_env

APPEND_EVENTS = os.environ.get("E2E_APPEND_EVENTS", "")
ADMIN_TOKEN = "adm_test_token_0123456789"
JWT_SECRET = "test-jwt-secret-0123456789abcdef"
PASSWORD = "correct-horse-battery-staple"
TIMEOUT = 30

# Shapes of values the server chooses itself.
CUSTOMER_ID = r"^u_[a-z0-9]{12}$"
TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"
KEY_FIELDS = {"id", "family", "label", "prefix", "quota_gb", "used_bytes", "used_gb", "revoked",
              "created_at", "last_used_at"}

CONFIG = """
[auth]
admin_token = "adm_test_token_0123456789"
jwt_ttl = "1h"
[socks]
listen = "127.0.0.1:1080"
public_host = "gw.example.test"
username_prefix = "vela"
[webhooks]
allow_private_targets = false
[billing]
min_topup = "5.00"
[[billing.tiers]]
from = "0.00"
price_per_tb = "15.00"
[[billing.tiers]]
from = "100.00"
price_per_tb = "12.00"
[[exit_nodes]]
id = "uk-1"
country = "uk"
kind = "direct"
bind = "127.0.0.2"
[[exit_nodes]]
id = "de-1"
country = "de"
kind = "direct"
bind = "127.0.0.3"
"""
# The same, with a known JWT secret so that tests can sign tokens themselves.
JWT_SECRET_CONFIG = CONFIG.replace("[auth]\n", f'[auth]\njwt_secret = "{JWT_SECRET}"\n', 1)
# The same, with webhook receivers on loopback (and plain http) allowed.
PRIVATE_WEBHOOKS_CONFIG = CONFIG.replace("allow_private_targets = false",
                                         "allow_private_targets = true")

COUNTRIES = [
    {"code": "de", "name": "Germany", "available": True},
    {"code": "uk", "name": "United Kingdom", "available": True},
]
SERVICES = sorted(["netflix", "prime", "bbc", "itvx", "c4", "sky", "disney", "paramount",
                   "appletv", "discovery", "dazn", "max"])

_NO_BODY = object()


def new_email():
    return f"u{uuid.uuid4().hex[:10]}@example.com"


class ServerCase(unittest.TestCase):
    """One `sluice serve` with `config` per test class, and an Api on it."""
    config = CONFIG

    @classmethod
    def setUpClass(cls):
        cls.server = Server(config_text=cls.config)
        cls.api = Api(cls.server.base)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()


class Api:
    """Requests to one server. `token` is sent as `Authorization: Bearer <token>`; `body` as
    JSON; `data` as raw bytes."""

    def __init__(self, base):
        self.base = base

    def call(self, method, path, token=None, body=_NO_BODY, headers=None, **kwargs):
        headers = dict(headers or {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if body is not _NO_BODY:
            kwargs["json"] = body
        return requests.request(method, self.base + path, headers=headers, timeout=TIMEOUT,
                                **kwargs)

    def get(self, path, token=None, **kwargs):
        return self.call("GET", path, token, **kwargs)

    def post(self, path, body=_NO_BODY, token=None, **kwargs):
        return self.call("POST", path, token, body, **kwargs)

    def delete(self, path, token=None, **kwargs):
        return self.call("DELETE", path, token, **kwargs)

    def ok(self, method, path, token=None, body=_NO_BODY, status=200, **kwargs):
        """The JSON of a response that must have `status`."""
        r = self.call(method, path, token, body, **kwargs)
        if r.status_code != status:
            raise AssertionError(f"{method} {path}: {r.status_code} {r.text!r}, "
                                 f"expected {status}")
        return r.json()

    # The operator's side.
    def credit(self, customer_id, nbytes):
        return self.ok("POST", f"/v1/admin/accounts/{customer_id}/credit", ADMIN_TOKEN,
                       {"bytes": nbytes})

    def confirm(self, checkout_id):
        return self.ok("POST", f"/v1/admin/payments/{checkout_id}/confirm", ADMIN_TOKEN)


class Account:
    """A signed-up, logged-in B2B account: `customer_id`, `email`, `password`, `token` (JWT)."""

    def __init__(self, api, email, password, customer_id, token):
        self.api = api
        self.email = email
        self.password = password
        self.customer_id = customer_id
        self.token = token

    def ok(self, method, path, body=_NO_BODY, status=200, **kwargs):
        return self.api.ok(method, path, self.token, body, status, **kwargs)

    def me(self):
        return self.ok("GET", "/v1/b2b/me")

    def keys(self):
        return self.ok("GET", "/v1/b2b/api-keys")["keys"]

    def key(self, key_id):
        found = [k for k in self.keys() if k["id"] == key_id]
        if len(found) != 1:
            raise AssertionError(f"key {key_id} listed {len(found)} times")
        return found[0]

    def mint(self, label, quota_gb=_NO_BODY):
        body = {"label": label}
        if quota_gb is not _NO_BODY:
            body["quota_gb"] = quota_gb
        return self.ok("POST", "/v1/b2b/api-keys", body, status=201)

    def checkout(self, amount):
        return self.ok("POST", "/v1/b2b/payments/checkout", {"amount": amount}, status=201)

    def webhook(self, url="https://93.184.216.34/hook", events=("balance.low",)):
        return self.ok("POST", "/v1/b2b/webhooks", {"url": url, "events": list(events)},
                       status=201)

    def relogin(self):
        self.token = login(self.api, self.email, self.password)["token"]
        return self.token


def signup(api, email, password=PASSWORD, **extra):
    return api.ok("POST", "/v1/b2b/signup", body={"email": email, "password": password, **extra},
                  status=201)


def login(api, email, password=PASSWORD):
    return api.ok("POST", "/v1/b2b/login", body={"email": email, "password": password})


def new_account(api, email=None, password=PASSWORD):
    email = email or new_email()
    customer_id = signup(api, email, password)["customer_id"]
    return Account(api, email, password, customer_id, login(api, email, password)["token"])


# JWTs (RFC 7519, compact form).
def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwt_claims(token):
    """The decoded header and payload of a compact JWT (the signature is not checked)."""
    header, payload, _ = token.split(".")
    return json.loads(b64url_decode(header)), json.loads(b64url_decode(payload))


def make_jwt(secret, claims, header=None):
    """A JWT signed with HS256 over `secret` (a str); with header {"alg":"none"} unsigned."""
    header = header or {"alg": "HS256", "typ": "JWT"}
    signing_input = (b64url(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     b64url(json.dumps(claims, separators=(",", ":")).encode()))
    if header.get("alg") == "none":
        return signing_input + "."
    mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(mac)


# Days and timestamps, UTC.
def days_ago(n):
    """The UTC calendar day `n` days before today."""
    return datetime.now(timezone.utc).date() - timedelta(days=n)


def at(day, hh_mm):
    """The RFC 3339 timestamp (ms) of `day` at "HH:MM"."""
    return f"{day.isoformat()}T{hh_mm}:00.000Z"


# Metered usage, written into the log of a stopped server.
def metered(account_id, key_id, ts, up, down, country="uk", service="", tunnel="t1", report=1,
            session="s1"):
    """One BytesMetered event on the account's stream, as `append_events` reads it."""
    return {"stream": f"account/{account_id}", "type": "BytesMetered", "ts": ts, "data": {
        "account": account_id, "key_id": key_id, "session": session, "country": country,
        "service": service, "node": f"{country}-1", "tunnel": tunnel,
        "report": report, "bytes_up": up, "bytes_down": down}}


def append_events(data_dir, events):
    """Appends `events` at the end of their streams; the server on `data_dir` must be stopped."""
    assert APPEND_EVENTS, "E2E_APPEND_EVENTS (the append_events tool) is not set"
    lines = "".join(json.dumps(e) + "\n" for e in events)
    r = subprocess.run([APPEND_EVENTS, data_dir], input=lines, capture_output=True, text=True,
                       timeout=120, env=clean_env())
    assert r.returncode == 0, f"append_events failed ({r.returncode}): {r.stderr}"


def restart(server, config_text=CONFIG, sig=signal.SIGTERM, events=()):
    """Stops `server` with `sig`, appends `events` to its log if any, and starts a new server on
    the same data directory. Returns (exit status of the old one, the new one). The data
    directory must lie outside the server's own temporary directory (start it with data_dir=),
    since close() removes that."""
    status = server.stop(sig)
    server.close()
    if events:
        append_events(server.data_dir, events)
    started = Server(data_dir=server.data_dir, config_text=config_text)
    if events:
        wait_for_projections(started)
    return status, started


def wait_for_projections(server, deadline_s=60):
    """Polls /healthz until the read models have applied the whole log: events appended while
    the server was down are news to it, unlike the commands it answered itself."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        health = requests.get(server.base + "/healthz", timeout=TIMEOUT).json()
        if health["projections"]["lag"] == 0:
            return
        time.sleep(0.05)
    raise AssertionError(f"projections still lag after {deadline_s} s: {health}")
