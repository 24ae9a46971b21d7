"""Signing up, logging in and being refused: signup validation and one account per email in any
case, the JWT login returns, the login throttle (429), and every way a Bearer token can be wrong
(401), or right but for the wrong API (403)."""
import time
import unittest

from b2b_client import (ServerCase, ADMIN_TOKEN, CONFIG, CUSTOMER_ID, JWT_SECRET, JWT_SECRET_CONFIG,
                         PASSWORD, jwt_claims, make_jwt, new_account, new_email, signup)

INVALID_LOGIN = {"detail": "Invalid email or password"}


class AuthTestCase(ServerCase):
    config = CONFIG

    def assertDetail(self, r, status, prefix=""):
        self.assertEqual(r.status_code, status, r.text)
        body = r.json()
        self.assertEqual(set(body), {"detail"})
        self.assertTrue(body["detail"].startswith(prefix), body)


class SignupTest(AuthTestCase):
    def test_the_email_is_stored_lowercased(self):
        local = new_email().split("@")[0]
        r = self.api.post("/v1/b2b/signup", {"email": f"{local.upper()}@Example.COM",
                                             "password": PASSWORD})
        self.assertEqual(r.status_code, 201, r.text)
        body = r.json()
        self.assertRegex(body["customer_id"], CUSTOMER_ID)
        self.assertEqual(body, {"customer_id": body["customer_id"],
                                "email": f"{local}@example.com", "kind": "b2b"})

    def test_customer_ids_differ(self):
        ids = {signup(self.api, new_email())["customer_id"] for _ in range(3)}
        self.assertEqual(len(ids), 3)

    def test_the_same_email_in_any_case_is_409(self):
        email = new_email()
        signup(self.api, email)
        for again in (email, email.upper(), email.capitalize()):
            r = self.api.post("/v1/b2b/signup", {"email": again, "password": PASSWORD})
            self.assertDetail(r, 409)

    def test_a_password_under_10_characters_is_400(self):
        r = self.api.post("/v1/b2b/signup", {"email": new_email(), "password": "123456789"})
        self.assertDetail(r, 400, "password:")

    def test_an_email_without_at_is_400(self):
        r = self.api.post("/v1/b2b/signup", {"email": "no-at-sign.example.com",
                                             "password": PASSWORD})
        self.assertDetail(r, 400, "email:")

    def test_wrong_field_types_are_400_naming_the_field(self):
        r = self.api.post("/v1/b2b/signup", {"email": ["a@b.c"], "password": PASSWORD})
        self.assertDetail(r, 400, "email:")
        r = self.api.post("/v1/b2b/signup", {"email": new_email(), "password": 1234567890123})
        self.assertDetail(r, 400, "password:")

    def test_a_refused_signup_leaves_the_email_free(self):
        email = new_email()
        self.assertEqual(self.api.post("/v1/b2b/signup", {"email": email, "password": "short"})
                         .status_code, 400)
        signup(self.api, email)


class LoginTest(AuthTestCase):
    def test_login_returns_an_hs256_jwt_for_the_account_valid_for_an_hour(self):
        email = new_email()
        customer_id = signup(self.api, email)["customer_id"]
        before = int(time.time())
        body = self.api.ok("POST", "/v1/b2b/login", body={"email": email, "password": PASSWORD})
        self.assertEqual(set(body), {"token", "token_type", "expires_in"})
        self.assertEqual((body["token_type"], body["expires_in"]), ("Bearer", 3600))
        header, claims = jwt_claims(body["token"])
        self.assertEqual(header["alg"], "HS256")
        self.assertEqual(claims["sub"], customer_id)
        self.assertEqual(claims["exp"] - claims["iat"], 3600)
        self.assertLessEqual(abs(claims["iat"] - before), 60)
        self.assertEqual(self.api.ok("GET", "/v1/b2b/me", body["token"])["customer_id"],
                         customer_id)

    def test_the_email_matches_in_any_case(self):
        email = new_email()
        signup(self.api, email)
        r = self.api.post("/v1/b2b/login", {"email": email.upper(), "password": PASSWORD})
        self.assertEqual(r.status_code, 200, r.text)

    def test_wrong_password_and_unknown_email_look_the_same(self):
        email = new_email()
        signup(self.api, email)
        wrong = self.api.post("/v1/b2b/login", {"email": email, "password": "not-the-password"})
        unknown = self.api.post("/v1/b2b/login", {"email": new_email(), "password": PASSWORD})
        self.assertEqual((wrong.status_code, wrong.json()), (401, INVALID_LOGIN))
        self.assertEqual((unknown.status_code, unknown.json()), (401, INVALID_LOGIN))

    def test_the_11th_failure_in_a_minute_is_429_even_with_the_right_password(self):
        email = new_email()
        signup(self.api, email)
        for attempt in range(10):
            r = self.api.post("/v1/b2b/login", {"email": email, "password": f"wrong-{attempt}"})
            self.assertEqual((r.status_code, r.json()), (401, INVALID_LOGIN), attempt)
        r = self.api.post("/v1/b2b/login", {"email": email, "password": "wrong-10"})
        self.assertDetail(r, 429)
        self.assertRegex(r.headers.get("Retry-After", ""), r"^\d+$")
        r = self.api.post("/v1/b2b/login", {"email": email, "password": PASSWORD})
        self.assertDetail(r, 429)
        self.assertIn("Retry-After", r.headers)
        # The throttle is per email: others log in as usual.
        other = new_email()
        signup(self.api, other)
        r = self.api.post("/v1/b2b/login", {"email": other, "password": PASSWORD})
        self.assertEqual(r.status_code, 200, r.text)


class BearerTest(AuthTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = new_account(cls.api)

    def test_a_missing_or_malformed_authorization_is_401(self):
        token = self.account.token
        for headers in ({}, {"Authorization": ""}, {"Authorization": "Bearer"},
                        {"Authorization": "Bearer "}, {"Authorization": f"Basic {token}"},
                        {"Authorization": token}, {"Authorization": "Bearer not-a-token"},
                        {"Authorization": "Bearer a.b.c"}):
            r = self.api.get("/v1/b2b/me", headers=headers)
            self.assertDetail(r, 401)

    def test_an_unknown_api_key_is_401(self):
        r = self.api.get("/v1/b2b/me", "sk_live_" + "A" * 40)
        self.assertDetail(r, 401)

    def test_a_tampered_signature_is_401(self):
        header, payload, signature = self.account.token.split(".")
        i = len(signature) // 2
        flipped = signature[:i] + ("A" if signature[i] != "A" else "B") + signature[i + 1:]
        r = self.api.get("/v1/b2b/me", f"{header}.{payload}.{flipped}")
        self.assertDetail(r, 401)

    def test_a_tampered_payload_is_401(self):
        other = new_account(self.api)
        header, _, signature = self.account.token.split(".")
        _, other_payload, _ = other.token.split(".")
        r = self.api.get("/v1/b2b/me", f"{header}.{other_payload}.{signature}")
        self.assertDetail(r, 401)

    def test_a_jwt_signed_with_another_secret_is_401(self):
        now = int(time.time())
        token = make_jwt("some-other-secret-0123456789abcdef",
                         {"sub": self.account.customer_id, "iat": now, "exp": now + 3600})
        self.assertDetail(self.api.get("/v1/b2b/me", token), 401)

    def test_the_admin_token_on_a_b2b_path_is_403(self):
        for path in ("/v1/b2b/me", "/v1/b2b/api-keys", "/v1/b2b/countries"):
            self.assertDetail(self.api.get(path, ADMIN_TOKEN), 403)

    def test_admin_paths_want_the_admin_token(self):
        path = f"/v1/admin/accounts/{self.account.customer_id}"
        self.assertDetail(self.api.get(path), 401)
        self.assertDetail(self.api.get(path, "adm_wrong_token_0123456789"), 401)
        self.assertDetail(self.api.get(path, self.account.token), 403)
        self.assertDetail(self.api.post("/v1/admin/payments/chk_nothing/confirm",
                                        token=self.account.token), 403)
        self.assertEqual(self.api.get(path, ADMIN_TOKEN).status_code, 200)


class KnownSecretJwtTest(AuthTestCase):
    """With `[auth] jwt_secret` set, tests sign tokens themselves: a well-formed one is accepted
    (so the refusals below are about what is wrong with them, not about how they were made)."""
    config = JWT_SECRET_CONFIG

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = new_account(cls.api)

    def token(self, iat_offset, exp_offset, **claims):
        now = int(time.time())
        return make_jwt(JWT_SECRET, {"sub": self.account.customer_id, "iat": now + iat_offset,
                                     "exp": now + exp_offset, **claims})

    def test_a_token_signed_with_the_configured_secret_is_accepted(self):
        r = self.api.get("/v1/b2b/me", self.token(0, 3600))
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual(r.json()["customer_id"], self.account.customer_id)

    def test_an_expired_token_is_401(self):
        self.assertDetail(self.api.get("/v1/b2b/me", self.token(-7200, -3600)), 401)
        self.assertDetail(self.api.get("/v1/b2b/me", self.token(-3700, -100)), 401)

    def test_a_token_issued_more_than_a_minute_ahead_is_401(self):
        self.assertDetail(self.api.get("/v1/b2b/me", self.token(86400, 90000)), 401)
        self.assertDetail(self.api.get("/v1/b2b/me", self.token(120, 3720)), 401)
        # A few seconds of clock skew are fine.
        self.assertEqual(self.api.get("/v1/b2b/me", self.token(5, 3600)).status_code, 200)

    def test_alg_none_is_401(self):
        now = int(time.time())
        token = make_jwt("", {"sub": self.account.customer_id, "iat": now, "exp": now + 3600},
                         header={"alg": "none", "typ": "JWT"})
        self.assertDetail(self.api.get("/v1/b2b/me", token), 401)
        # The same, with the right signature still attached.
        signed = self.token(0, 3600)
        none_header = token.split(".")[0]
        _, payload, signature = signed.split(".")
        self.assertDetail(self.api.get("/v1/b2b/me", f"{none_header}.{payload}.{signature}"), 401)


if __name__ == "__main__":
    unittest.main()
