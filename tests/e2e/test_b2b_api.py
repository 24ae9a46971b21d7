"""The B2B REST API as an integrator meets it: the whole journey from signup to a revoked key in
one test, the account snapshot, countries, and the errors every endpoint shares (400 on a bad
body, 404 on an unknown path, 405 on a wrong method, 413 on an oversized body)."""
import unittest

from b2b_client import (ServerCase, ADMIN_TOKEN, COUNTRIES, CUSTOMER_ID, KEY_FIELDS, SERVICES,
                         TIMESTAMP, new_account, new_email)


class JourneyTest(ServerCase):
    def test_signup_to_revoked_key(self):
        api = self.api
        email = new_email()
        r = api.post("/v1/b2b/signup", {"email": email, "password": "s3cret-passw0rd",
                                        "company": "Acme Streaming Ltd"})
        self.assertEqual(r.status_code, 201, r.text)
        self.assertTrue(r.headers["Content-Type"].startswith("application/json"))
        account = r.json()
        customer_id = account["customer_id"]
        self.assertRegex(customer_id, CUSTOMER_ID)
        self.assertEqual(account, {"customer_id": customer_id, "email": email, "kind": "b2b"})

        r = api.post("/v1/b2b/login", {"email": email, "password": "s3cret-passw0rd"})
        self.assertEqual(r.status_code, 200, r.text)
        login = r.json()
        self.assertEqual(set(login), {"token", "token_type", "expires_in"})
        self.assertEqual((login["token_type"], login["expires_in"]), ("Bearer", 3600))
        jwt = login["token"]

        me = api.ok("GET", "/v1/b2b/me", jwt)
        self.assertRegex(me["created_at"], TIMESTAMP)
        self.assertEqual(me, {"customer_id": customer_id, "email": email, "kind": "b2b",
                              "balance_bytes": 0, "balance_gb": 0.0, "needs_topup": True,
                              "currency": "EUR", "created_at": me["created_at"]})

        checkout = api.ok("POST", "/v1/b2b/payments/checkout", jwt, {"amount": "10.00"},
                          status=201)
        checkout_id = checkout["checkout_id"]
        self.assertTrue(checkout_id.startswith("chk_"), checkout_id)
        self.assertEqual(checkout, {"checkout_id": checkout_id, "status": "pending",
                                    "amount": "10.00", "currency": "EUR",
                                    "bytes": 666666666666, "url": checkout["url"]})
        self.assertTrue(checkout["url"].endswith(f"/v1/b2b/payments/{checkout_id}"))
        self.assertEqual(api.ok("GET", "/v1/b2b/me", jwt)["balance_bytes"], 0)

        confirmed = api.ok("POST", f"/v1/admin/payments/{checkout_id}/confirm", ADMIN_TOKEN)
        self.assertEqual(confirmed["status"], "completed")
        self.assertEqual(confirmed["customer_id"], customer_id)
        self.assertEqual(confirmed["bytes"], 666666666666)

        me = api.ok("GET", "/v1/b2b/me", jwt)
        self.assertEqual((me["balance_bytes"], me["balance_gb"], me["needs_topup"]),
                         (666666666666, 666.67, False))

        minted = api.ok("POST", "/v1/b2b/api-keys", jwt, {"label": "reseller-A", "quota_gb": 50},
                        status=201)
        key_id, secret = minted["id"], minted["key"]
        self.assertTrue(key_id.startswith("key_"), key_id)
        self.assertTrue(secret.startswith("sk_live_"), secret)
        self.assertEqual(set(minted), KEY_FIELDS | {"key"})
        self.assertEqual({k: minted[k] for k in ("label", "prefix", "quota_gb", "used_bytes",
                                                 "used_gb", "revoked", "last_used_at")},
                         {"label": "reseller-A", "prefix": secret[:12], "quota_gb": 50,
                          "used_bytes": 0, "used_gb": 0.0, "revoked": False,
                          "last_used_at": None})

        keys = api.ok("GET", "/v1/b2b/api-keys", jwt)["keys"]
        listed = [k for k in keys if k["id"] == key_id]
        self.assertEqual(listed, [{k: v for k, v in minted.items() if k != "key"}])
        self.assertTrue(all("key" not in k for k in keys))
        self.assertEqual(api.ok("GET", "/v1/b2b/me", secret)["customer_id"], customer_id)

        updated = api.ok("POST", f"/v1/b2b/api-keys/{key_id}/quota", jwt,
                         {"quota_gb": 100, "reset_used": True})
        self.assertNotIn("key", updated)
        self.assertEqual((updated["id"], updated["quota_gb"], updated["used_bytes"]),
                         (key_id, 100, 0))

        r = api.delete(f"/v1/b2b/api-keys/{key_id}", jwt)
        self.assertEqual((r.status_code, r.json()), (200, {"detail": "API key revoked"}))
        keys = api.ok("GET", "/v1/b2b/api-keys", jwt)["keys"]
        self.assertEqual([k["revoked"] for k in keys if k["id"] == key_id], [True])
        self.assertEqual(api.get("/v1/b2b/me", secret).status_code, 401)
        # The account itself is untouched.
        self.assertEqual(api.ok("GET", "/v1/b2b/me", jwt)["balance_bytes"], 666666666666)


class SnapshotTest(ServerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = new_account(cls.api)

    def test_countries_are_the_configured_exit_countries_sorted_by_code(self):
        self.assertEqual(self.account.ok("GET", "/v1/b2b/countries"), {"countries": COUNTRIES})

    def test_public_status_needs_no_token(self):
        self.assertEqual(self.api.ok("GET", "/v1/status"),
                         {"status": "ok", "countries": COUNTRIES, "services": SERVICES})

    def test_balance_gb_is_bytes_over_1e9_rounded_to_two_decimals(self):
        account = new_account(self.api)
        self.api.credit(account.customer_id, 1_236_000_000)
        me = account.me()
        self.assertEqual((me["balance_bytes"], me["balance_gb"], me["needs_topup"]),
                         (1_236_000_000, 1.24, False))
        self.api.credit(account.customer_id, 3_000_000)
        self.assertEqual(account.me()["balance_gb"], 1.24)


class SharedErrorsTest(ServerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = new_account(cls.api)

    def assertDetail(self, r, status, prefix):
        self.assertEqual(r.status_code, status, r.text)
        body = r.json()
        self.assertEqual(set(body), {"detail"})
        self.assertTrue(body["detail"].startswith(prefix), body)

    def test_invalid_json_is_400_naming_the_body(self):
        headers = {"Content-Type": "application/json"}
        r = self.api.post("/v1/b2b/signup", data=b'{"email": "a@b.c", "password": ',
                          headers=headers)
        self.assertDetail(r, 400, "body:")
        r = self.api.post("/v1/b2b/api-keys", token=self.account.token, data=b"{nope",
                          headers=headers)
        self.assertDetail(r, 400, "body:")

    def test_a_field_of_the_wrong_type_is_400_naming_the_field(self):
        r = self.api.post("/v1/b2b/signup", {"email": 5, "password": "long-enough-pw"})
        self.assertDetail(r, 400, "email:")
        r = self.api.post("/v1/b2b/api-keys", {"label": "x", "quota_gb": "lots"},
                          self.account.token)
        self.assertDetail(r, 400, "quota_gb:")

    def test_unknown_paths_are_404(self):
        for path in ("/v1/b2b/nope", "/v1/nope", "/v1/b2b/api-keys/key_x/nope"):
            r = self.api.get(path, self.account.token)
            self.assertEqual((r.status_code, r.json()), (404, {"detail": "Not Found"}), path)

    def test_a_wrong_method_is_405(self):
        r = self.api.get("/v1/b2b/login")
        self.assertEqual((r.status_code, r.json()), (405, {"detail": "Method Not Allowed"}))
        r = self.api.call("PUT", "/v1/b2b/me", self.account.token, {})
        self.assertEqual(r.status_code, 405)
        r = self.api.delete("/v1/b2b/api-keys", self.account.token)
        self.assertEqual(r.status_code, 405)

    def test_a_body_over_1_mib_is_413(self):
        big = b"x" * (1024 * 1024 + 1)
        r = self.api.post("/v1/b2b/signup", data=big, headers={"Content-Type": "application/json"})
        self.assertEqual(r.status_code, 413)
        r = self.api.post("/v1/b2b/api-keys", token=self.account.token,
                          data=b'{"label":"' + big + b'"}',
                          headers={"Content-Type": "application/json"})
        self.assertEqual(r.status_code, 413)
        # The server keeps serving.
        self.assertEqual(self.account.me()["customer_id"], self.account.customer_id)

    def test_a_body_of_exactly_1_mib_is_not_refused_for_its_size(self):
        body = ('{"email": "' + new_email() + '", "password": "short"}').encode()
        body += b" " * (1024 * 1024 - len(body))  # Whitespace after the document is still JSON.
        self.assertEqual(len(body), 1024 * 1024)
        r = self.api.post("/v1/b2b/signup", data=body,
                          headers={"Content-Type": "application/json"})
        self.assertDetail(r, 400, "password:")


if __name__ == "__main__":
    unittest.main()
