"""Topping up: checkouts priced by tier, their validation, the operator's confirmation (idempotent:
the wallet is credited once), and the operator's account look-up and manual credit."""
import unittest

from b2b_client import ServerCase, ADMIN_TOKEN, CONFIG, TIMESTAMP, new_account

PUBLIC_BASE_URL = "https://pay.example.test"
PAYMENTS_CONFIG = CONFIG + f'[http]\npublic_base_url = "{PUBLIC_BASE_URL}"\n'


class PaymentsTestCase(ServerCase):
    config = PAYMENTS_CONFIG

    def setUp(self):
        self.account = new_account(self.api)

    def assertDetail(self, r, status, prefix=""):
        self.assertEqual(r.status_code, status, r.text)
        body = r.json()
        self.assertEqual(set(body), {"detail"})
        self.assertTrue(body["detail"].startswith(prefix), body)


class CheckoutTest(PaymentsTestCase):
    def test_a_checkout_is_pending_with_a_payment_url(self):
        r = self.api.post("/v1/b2b/payments/checkout", {"amount": "10.00"}, self.account.token)
        self.assertEqual(r.status_code, 201, r.text)
        body = r.json()
        checkout_id = body["checkout_id"]
        self.assertRegex(checkout_id, r"^chk_[a-z0-9_]+$")
        self.assertEqual(body, {
            "checkout_id": checkout_id, "status": "pending", "amount": "10.00", "currency": "EUR",
            "bytes": 666666666666, "url": f"{PUBLIC_BASE_URL}/v1/b2b/payments/{checkout_id}"})
        self.assertEqual(self.account.me()["balance_bytes"], 0)

    def test_bytes_are_priced_at_the_highest_tier_reached(self):
        cases = [("10.00", "10.00", 666666666666), (10, "10.00", 666666666666),
                 (10.5, "10.50", 700000000000), ("5.00", "5.00", 333333333333),
                 ("99.99", "99.99", 6666000000000), ("100.00", "100.00", 8333333333333),
                 (100, "100.00", 8333333333333), ("250", "250.00", 20833333333333)]
        ids = set()
        for amount, shown, nbytes in cases:
            with self.subTest(amount=amount):
                body = self.account.checkout(amount)
                self.assertEqual((body["amount"], body["bytes"], body["currency"]),
                                 (shown, nbytes, "EUR"))
                ids.add(body["checkout_id"])
        self.assertEqual(len(ids), len(cases))

    def test_bad_amounts_are_400(self):
        for amount in ("4.99", 4.99, 4, "0.00", "10.001", "-10.00", -10, "abc", "", [10],
                       {"value": 10}, None):
            with self.subTest(amount=amount):
                r = self.api.post("/v1/b2b/payments/checkout", {"amount": amount},
                                  self.account.token)
                self.assertDetail(r, 400, "amount:")

    def test_a_checkout_can_be_read_back(self):
        created = self.account.checkout("12.34")
        path = f"/v1/b2b/payments/{created['checkout_id']}"
        body = self.account.ok("GET", path)
        self.assertRegex(body["created_at"], TIMESTAMP)
        self.assertEqual(body, {**created, "created_at": body["created_at"],
                                "completed_at": None})

    def test_unknown_checkouts_are_404(self):
        r = self.api.get("/v1/b2b/payments/chk_doesnotexist", self.account.token)
        self.assertEqual((r.status_code, r.json()), (404, {"detail": "Not Found"}))
        r = self.api.post("/v1/admin/payments/chk_doesnotexist/confirm", token=ADMIN_TOKEN)
        self.assertEqual(r.status_code, 404, r.text)


class ConfirmTest(PaymentsTestCase):
    def test_confirm_credits_the_wallet_once(self):
        created = self.account.checkout("10.00")
        checkout_id = created["checkout_id"]
        r = self.api.post(f"/v1/admin/payments/{checkout_id}/confirm", token=ADMIN_TOKEN)
        self.assertEqual(r.status_code, 200, r.text)
        confirmed = r.json()
        self.assertRegex(confirmed["completed_at"], TIMESTAMP)
        self.assertEqual(confirmed, {
            "checkout_id": checkout_id, "status": "completed", "amount": "10.00",
            "currency": "EUR", "bytes": 666666666666, "customer_id": self.account.customer_id,
            "completed_at": confirmed["completed_at"]})
        me = self.account.me()
        self.assertEqual((me["balance_bytes"], me["needs_topup"]), (666666666666, False))

        again = self.api.post(f"/v1/admin/payments/{checkout_id}/confirm", token=ADMIN_TOKEN)
        self.assertEqual((again.status_code, again.json()), (200, confirmed))
        self.assertEqual(self.account.me()["balance_bytes"], 666666666666)

        body = self.account.ok("GET", f"/v1/b2b/payments/{checkout_id}")
        self.assertEqual((body["status"], body["completed_at"]),
                         ("completed", confirmed["completed_at"]))
        self.assertEqual({k: body[k] for k in ("amount", "currency", "bytes", "url")},
                         {k: created[k] for k in ("amount", "currency", "bytes", "url")})

    def test_two_top_ups_add_up(self):
        first, second = self.account.checkout("10.00"), self.account.checkout("100.00")
        self.api.confirm(second["checkout_id"])
        self.assertEqual(self.account.me()["balance_bytes"], 8333333333333)
        self.api.confirm(first["checkout_id"])
        self.api.confirm(second["checkout_id"])
        self.assertEqual(self.account.me()["balance_bytes"], 8333333333333 + 666666666666)

    def test_confirm_wants_the_admin_token(self):
        checkout_id = self.account.checkout("10.00")["checkout_id"]
        path = f"/v1/admin/payments/{checkout_id}/confirm"
        self.assertDetail(self.api.post(path), 401)
        self.assertDetail(self.api.post(path, token="adm_not_the_token_0123456789"), 401)
        self.assertDetail(self.api.post(path, token=self.account.token), 403)
        body = self.account.ok("GET", f"/v1/b2b/payments/{checkout_id}")
        self.assertEqual((body["status"], body["completed_at"]), ("pending", None))
        self.assertEqual(self.account.me()["balance_bytes"], 0)


class AdminAccountsTest(PaymentsTestCase):
    def test_look_up_an_account(self):
        me = self.account.me()
        body = self.api.ok("GET", f"/v1/admin/accounts/{self.account.customer_id}", ADMIN_TOKEN)
        self.assertEqual(body, {"customer_id": self.account.customer_id,
                                "email": self.account.email, "kind": "b2b", "balance_bytes": 0,
                                "balance_gb": 0.0, "balance": "0.00", "currency": "EUR",
                                "created_at": me["created_at"]})

    def test_an_unknown_account_is_404(self):
        r = self.api.get("/v1/admin/accounts/u_000000000000", ADMIN_TOKEN)
        self.assertDetail(r, 404)

    def test_credit_adds_bytes_to_the_wallet(self):
        path = f"/v1/admin/accounts/{self.account.customer_id}/credit"
        body = self.api.ok("POST", path, ADMIN_TOKEN, {"bytes": 5000000000})
        self.assertEqual(body, {"customer_id": self.account.customer_id,
                                "email": self.account.email, "kind": "b2b",
                                "balance_bytes": 5000000000, "balance_gb": 5.0,
                                "balance": "0.00", "currency": "EUR",
                                "created_at": self.account.me()["created_at"]})
        body = self.api.ok("POST", path, ADMIN_TOKEN, {"bytes": 1})
        self.assertEqual((body["balance_bytes"], body["balance_gb"]), (5000000001, 5.0))
        me = self.account.me()
        self.assertEqual((me["balance_bytes"], me["needs_topup"]), (5000000001, False))

    def test_credit_wants_a_positive_integer(self):
        path = f"/v1/admin/accounts/{self.account.customer_id}/credit"
        for nbytes in (0, -1, 1.5, "5", None, [5]):
            with self.subTest(bytes=nbytes):
                self.assertDetail(self.api.post(path, {"bytes": nbytes}, ADMIN_TOKEN), 400,
                                  "bytes:")
        self.assertEqual(self.account.me()["balance_bytes"], 0)

    def test_credit_wants_the_admin_token(self):
        path = f"/v1/admin/accounts/{self.account.customer_id}/credit"
        self.assertDetail(self.api.post(path, {"bytes": 1}), 401)
        self.assertDetail(self.api.post(path, {"bytes": 1}, self.account.token), 403)
        self.assertEqual(self.account.me()["balance_bytes"], 0)


if __name__ == "__main__":
    unittest.main()
