"""API keys and the SOCKS5 credential: minting (with and without a quota), listing without the
secret, quota updates, revocation, and the primary key behind /v1/b2b/tunnel-credential."""
import unittest

from b2b_client import ServerCase, KEY_FIELDS, TIMESTAMP, new_account


class KeysTestCase(ServerCase):
    def setUp(self):
        self.account = new_account(self.api)

    def assertDetail(self, r, status, prefix=""):
        self.assertEqual(r.status_code, status, r.text)
        body = r.json()
        self.assertEqual(set(body), {"detail"})
        self.assertTrue(body["detail"].startswith(prefix), body)


class TunnelCredentialTest(KeysTestCase):
    def test_the_credential_names_the_gateway_and_the_account(self):
        cred = self.account.ok("GET", "/v1/b2b/tunnel-credential")
        cid, password = self.account.customer_id, cred["password"]
        username = f"vela-{cid}-session-{{session}}-country-{{cc}}"
        self.assertTrue(password.startswith("sk_live_"), password)
        port = self.server.socks_port  # The port actually bound (the tests listen on port 0).
        self.assertEqual(cred, {
            "host": "gw.example.test", "port": port, "username": username, "password": password,
            "url": f"socks5h://{username}:{password}@gw.example.test:{port}"})

    def test_the_password_is_the_primary_key_minted_once(self):
        first = self.account.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        self.assertEqual(self.account.ok("GET", "/v1/b2b/tunnel-credential")["password"], first)
        keys = self.account.keys()
        primary = [k for k in keys if k["label"] == "primary"]
        self.assertEqual(len(primary), 1, keys)
        self.assertEqual(len(keys), 1, keys)
        self.assertEqual((primary[0]["prefix"], primary[0]["revoked"]), (first[:12], False))
        self.assertEqual(self.account.ok("GET", "/v1/b2b/tunnel-credential")["password"], first)
        self.assertEqual(len(self.account.keys()), 1)

    def test_the_password_works_as_a_bearer(self):
        password = self.account.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        me = self.api.ok("GET", "/v1/b2b/me", password)
        self.assertEqual(me["customer_id"], self.account.customer_id)

    def test_a_revoked_primary_key_is_replaced_on_the_next_call(self):
        first = self.account.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        (primary,) = self.account.keys()
        self.account.ok("DELETE", f"/v1/b2b/api-keys/{primary['id']}")
        self.assertDetail(self.api.get("/v1/b2b/me", first), 401)
        second = self.account.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        self.assertTrue(second.startswith("sk_live_"), second)
        self.assertNotEqual(second, first)
        self.assertEqual(self.account.ok("GET", "/v1/b2b/tunnel-credential")["password"], second)
        self.assertEqual(self.api.ok("GET", "/v1/b2b/me", second)["customer_id"],
                         self.account.customer_id)
        live = [k for k in self.account.keys() if not k["revoked"]]
        self.assertEqual([(k["label"], k["prefix"]) for k in live], [("primary", second[:12])])

    def test_each_account_has_its_own_password(self):
        other = new_account(self.api)
        mine = self.account.ok("GET", "/v1/b2b/tunnel-credential")
        theirs = other.ok("GET", "/v1/b2b/tunnel-credential")
        self.assertNotEqual(mine["password"], theirs["password"])
        self.assertNotEqual(mine["username"], theirs["username"])


class ApiKeysTest(KeysTestCase):
    def test_a_new_account_has_no_keys(self):
        self.assertEqual(self.account.ok("GET", "/v1/b2b/api-keys"), {"keys": []})

    def test_mint_with_a_quota_returns_the_secret_once(self):
        r = self.api.post("/v1/b2b/api-keys", {"label": "reseller-A", "quota_gb": 50},
                          self.account.token)
        self.assertEqual(r.status_code, 201, r.text)
        key = r.json()
        self.assertEqual(set(key), KEY_FIELDS | {"key"})
        self.assertTrue(key["id"].startswith("key_"), key)
        self.assertTrue(key["key"].startswith("sk_live_"), key)
        self.assertRegex(key["created_at"], TIMESTAMP)
        self.assertEqual(key, {
            "id": key["id"], "family": "gateway", "label": "reseller-A",
            "prefix": key["key"][:12], "quota_gb": 50,
            "used_bytes": 0, "used_gb": 0.0, "revoked": False, "created_at": key["created_at"],
            "last_used_at": None, "key": key["key"]})
        listed = self.account.ok("GET", "/v1/b2b/api-keys")
        self.assertEqual(listed, {"keys": [{k: v for k, v in key.items() if k != "key"}]})
        self.assertNotIn(key["key"], str(listed))

    def test_every_family_is_minted_with_the_jwt_and_listed_with_its_family(self):
        minted = {}
        families = (("reseller", "rv_"), ("subscription", "rk_"), ("gateway", "sk_live_"))
        for family, prefix in families:
            r = self.api.post("/v1/b2b/api-keys", {"label": family, "family": family},
                              self.account.token)
            self.assertEqual(r.status_code, 201, r.text)
            key = r.json()
            self.assertTrue(key["key"].startswith(prefix), key)
            self.assertEqual((key["family"], key["prefix"]), (family, key["key"][:len(prefix) + 4]))
            minted[family] = key
        listed = {k["id"]: k["family"] for k in self.account.keys()}
        self.assertEqual(listed, {k["id"]: f for f, k in minted.items()})
        # Each face takes only its own family: the b2b face refuses the other two.
        for family in ("reseller", "subscription"):
            self.assertDetail(self.api.get("/v1/b2b/me", minted[family]["key"]), 403)
        self.assertEqual(self.api.ok("GET", "/v1/b2b/me", minted["gateway"]["key"])["customer_id"],
                         self.account.customer_id)

    def test_an_unknown_family_or_a_quota_on_another_family_is_400(self):
        for body, prefix in (({"label": "a", "family": "vpn"}, "family:"),
                             ({"label": "a", "family": 3}, "family:"),
                             ({"label": "a", "family": "reseller", "quota_gb": 5}, "quota_gb:")):
            with self.subTest(body=body):
                self.assertDetail(self.api.post("/v1/b2b/api-keys", body, self.account.token),
                                  400, prefix)
        self.assertEqual(self.account.keys(), [])

    def test_mint_without_a_quota_has_no_cap(self):
        key = self.account.mint("unlimited")
        self.assertIsNone(key["quota_gb"])
        self.assertIsNone(self.account.key(key["id"])["quota_gb"])

    def test_a_minted_key_authenticates_as_the_account(self):
        key = self.account.mint("ci")
        self.assertEqual(self.api.ok("GET", "/v1/b2b/me", key["key"])["customer_id"],
                         self.account.customer_id)
        other = self.account.mint("other")
        self.assertNotEqual(other["key"], key["key"])
        self.assertNotEqual(other["id"], key["id"])
        self.assertEqual(len(self.account.keys()), 2)

    def test_mint_validation(self):
        cases = [({}, "label:"), ({"quota_gb": 5}, "label:"), ({"label": 7}, "label:"),
                 ({"label": "a", "quota_gb": -1}, "quota_gb:"),
                 ({"label": "a", "quota_gb": "50"}, "quota_gb:"),
                 ({"label": "a", "quota_gb": [50]}, "quota_gb:"),
                 ({"label": "a", "quota_gb": True}, "quota_gb:")]
        for body, prefix in cases:
            r = self.api.post("/v1/b2b/api-keys", body, self.account.token)
            self.assertDetail(r, 400, prefix)
        self.assertEqual(self.account.keys(), [])

    def test_quota_updates(self):
        key = self.account.mint("capped", 50)
        path = f"/v1/b2b/api-keys/{key['id']}/quota"
        body = self.account.ok("POST", path, {"quota_gb": 100, "reset_used": True})
        self.assertEqual(body, {k: v for k, v in key.items() if k not in ("key", "quota_gb")}
                         | {"quota_gb": 100})
        self.assertEqual(self.account.ok("POST", path, {"quota_gb": 0.001})["quota_gb"], 0.001)
        self.assertEqual(self.account.key(key["id"])["quota_gb"], 0.001)
        self.assertEqual(self.account.ok("POST", path, {"reset_used": True})["quota_gb"], 0.001)
        self.assertEqual(self.account.ok("POST", path, {})["quota_gb"], 0.001)
        self.assertIsNone(self.account.ok("POST", path, {"quota_gb": None})["quota_gb"])
        self.assertIsNone(self.account.key(key["id"])["quota_gb"])
        self.assertIsNone(self.account.ok("POST", path, {"reset_used": False})["quota_gb"])
        self.assertEqual(self.account.ok("POST", path, {"quota_gb": 2.5})["quota_gb"], 2.5)

    def test_quota_validation(self):
        key = self.account.mint("capped", 50)
        path = f"/v1/b2b/api-keys/{key['id']}/quota"
        for quota in (-1, "100", [1]):
            r = self.api.post(path, {"quota_gb": quota}, self.account.token)
            self.assertDetail(r, 400, "quota_gb:")
        self.assertEqual(self.account.key(key["id"])["quota_gb"], 50)

    def test_a_quota_body_that_is_no_json_object_is_400_naming_the_body(self):
        key = self.account.mint("capped", 50)
        path = f"/v1/b2b/api-keys/{key['id']}/quota"
        json_type = {"Content-Type": "application/json"}
        for data in (b"", b"[]", b"7", b"null"):
            with self.subTest(body=data):
                r = self.api.post(path, token=self.account.token, data=data, headers=json_type)
                self.assertDetail(r, 400, "body:")
        self.assertEqual(self.account.key(key["id"])["quota_gb"], 50)

    def test_a_body_that_is_not_json_is_415(self):
        key = self.account.mint("capped", 50)
        path = f"/v1/b2b/api-keys/{key['id']}/quota"
        for content_type, data in (("text/plain", b'{"quota_gb": 1}'),
                                   ("application/x-www-form-urlencoded", b"quota_gb=1"),
                                   ("multipart/form-data; boundary=x",
                                    b'--x\r\nContent-Disposition: form-data; name="quota_gb"'
                                    b'\r\n\r\n1\r\n--x--\r\n'),
                                   (None, b'{"quota_gb": 1}')):
            with self.subTest(content_type=content_type):
                headers = {"Content-Type": content_type} if content_type else {}
                r = self.api.post(path, token=self.account.token, data=data, headers=headers)
                self.assertDetail(r, 415, "Content-Type:")
        self.assertEqual(self.account.key(key["id"])["quota_gb"], 50)
        # Parameters and case do not matter.
        r = self.api.post(path, token=self.account.token, data=b'{"quota_gb": 2}',
                          headers={"Content-Type": "Application/JSON; charset=utf-8"})
        self.assertEqual(r.status_code, 200, r.text)

    def test_revoke(self):
        key = self.account.mint("short-lived", 1)
        kept = self.account.mint("kept")
        r = self.api.delete(f"/v1/b2b/api-keys/{key['id']}", self.account.token)
        self.assertEqual((r.status_code, r.json()), (200, {"detail": "API key revoked"}))
        listed = {k["id"]: k for k in self.account.keys()}
        self.assertEqual((listed[key["id"]]["revoked"], listed[kept["id"]]["revoked"]),
                         (True, False))
        self.assertEqual(listed[key["id"]]["label"], "short-lived")
        self.assertDetail(self.api.get("/v1/b2b/me", key["key"]), 401)
        self.assertDetail(self.api.get("/v1/b2b/api-keys", key["key"]), 401)
        self.assertEqual(self.api.get("/v1/b2b/me", kept["key"]).status_code, 200)
        self.assertEqual(self.account.me()["customer_id"], self.account.customer_id)

    def test_unknown_key_ids_are_404(self):
        for key_id in ("key_doesnotexist0", "nonsense"):
            r = self.api.post(f"/v1/b2b/api-keys/{key_id}/quota", {"quota_gb": 1},
                              self.account.token)
            self.assertEqual((r.status_code, r.json()), (404, {"detail": "Not Found"}))
            r = self.api.delete(f"/v1/b2b/api-keys/{key_id}", self.account.token)
            self.assertEqual((r.status_code, r.json()), (404, {"detail": "Not Found"}))

    def test_another_accounts_key_is_404_and_untouched(self):
        other = new_account(self.api)
        theirs = other.mint("theirs", 10)
        r = self.api.post(f"/v1/b2b/api-keys/{theirs['id']}/quota", {"quota_gb": 1000},
                          self.account.token)
        self.assertEqual((r.status_code, r.json()), (404, {"detail": "Not Found"}))
        r = self.api.delete(f"/v1/b2b/api-keys/{theirs['id']}", self.account.token)
        self.assertEqual((r.status_code, r.json()), (404, {"detail": "Not Found"}))
        self.assertEqual(self.account.keys(), [])
        after = other.key(theirs["id"])
        self.assertEqual((after["quota_gb"], after["revoked"]), (10, False))


if __name__ == "__main__":
    unittest.main()
