"""The money balance (issue #21): an operator credits it in the configured currency through
`POST /v1/admin/accounts/{id}/balance/credit`, once per reference; bad amounts are 400 naming
`amount` and change nothing; each credit is a ledger entry with the running money balance, chained
by the documented canonical form; `sluice verify` checks money as it checks bytes, and finds a
money balance edited in the ledger read model."""
import json
import os
import subprocess
import unittest

from b2b_client import ADMIN_TOKEN, Api, CONFIG, new_account, wait_for_projections
from harness import Server, run
from test_billing_audit import chain_breaks


class MoneyBalanceTest(unittest.TestCase):
    def setUp(self):
        self.server = Server(config_text=CONFIG)
        self.api = Api(self.server.base)
        self.account = new_account(self.api)
        self.path = f"/v1/admin/accounts/{self.account.customer_id}/balance/credit"

    def tearDown(self):
        self.server.close()

    def credit(self, body, status=200):
        return self.api.ok("POST", self.path, ADMIN_TOKEN, body, status=status)

    def ledger(self):
        return self.account.ok("GET", "/v1/b2b/ledger?limit=1000")["entries"]

    def test_credits_add_up_once_per_reference_in_the_currency(self):
        body = self.credit({"amount": "150.00", "reason": "wire 42", "reference": "wire-42"})
        self.assertEqual((body["balance"], body["currency"]), ("150.00", "EUR"))
        self.assertEqual(self.credit({"amount": "150.00", "reference": "wire-42"})["balance"],
                         "150.00")
        self.assertEqual(self.credit({"amount": 0.5})["balance"], "150.50")
        self.assertEqual(self.credit({"amount": 2})["balance"], "152.50")
        shown = self.api.ok("GET", f"/v1/admin/accounts/{self.account.customer_id}", ADMIN_TOKEN)
        self.assertEqual((shown["balance"], shown["balance_bytes"]), ("152.50", 0))
        entries = self.ledger()
        money = [(e["type"], e["bytes"], e["amount"], e["balance_minor"], e["reference"])
                 for e in entries]
        self.assertEqual(money, [("balance_credit", 0, 15000, 15000, "wire-42"),
                                 ("balance_credit", 0, 50, 15050, ""),
                                 ("balance_credit", 0, 200, 15250, "")])
        self.assertIsNone(chain_breaks(self.account.customer_id, entries))

    def test_bad_amounts_are_400_and_change_nothing(self):
        self.credit({"amount": "10.00"})
        for amount in ("0", "0.00", "-1.00", "1.001", "ten", None, 92233720368547758.07):
            with self.subTest(amount=amount):
                r = self.api.post(self.path, {"amount": amount}, ADMIN_TOKEN)
                self.assertEqual(r.status_code, 400, r.text)
                self.assertTrue(r.json()["detail"].startswith("amount: "), r.text)
        self.assertEqual(self.api.post(self.path, {}, ADMIN_TOKEN).status_code, 400)
        self.assertEqual(self.api.post(self.path, {"amount": "1.00"}).status_code, 401)
        self.assertEqual(self.api.post(self.path, {"amount": "1.00"},
                                       self.account.token).status_code, 403)
        missing = self.api.post("/v1/admin/accounts/u_nobody000000/balance/credit",
                                {"amount": "1.00"}, ADMIN_TOKEN)
        self.assertEqual(missing.status_code, 404)
        shown = self.api.ok("GET", f"/v1/admin/accounts/{self.account.customer_id}", ADMIN_TOKEN)
        self.assertEqual(shown["balance"], "10.00")
        self.assertEqual(len(self.ledger()), 1)

    def test_a_credit_the_balance_cannot_hold_is_400_and_changes_nothing(self):
        # The largest amount one credit takes; 92 of them fit in 2^63 - 1 minor units.
        largest = "999999999999999.99"
        for _ in range(92):
            self.credit({"amount": largest})
        r = self.api.post(self.path, {"amount": largest}, ADMIN_TOKEN)
        self.assertEqual((r.status_code, r.json()),
                         (400, {"detail": "amount: the balance would exceed "
                                          "92233720368547758.07 EUR"}))
        shown = self.api.ok("GET", f"/v1/admin/accounts/{self.account.customer_id}", ADMIN_TOKEN)
        self.assertEqual(shown["balance"], "91999999999999999.08")

    def test_verify_checks_the_money_balance(self):
        self.credit({"amount": "25.00"})
        self.credit({"amount": "5.00"})
        wait_for_projections(self.server)
        entries = self.ledger()
        self.assertEqual(self.server.stop(), 0)
        data_dir = self.server.data_dir
        clean = run(["verify", "--data-dir", data_dir], timeout=300)
        self.assertEqual(clean.returncode, 0, clean.stdout + clean.stderr)
        row = dict(entries[-1])
        row["balance_minor"] += 100  # Someone "adds" a unit of money in the read model.
        key = f"ledger/e/{self.account.customer_id}/{row['seq']:020d}"
        put = subprocess.run([os.environ["E2E_PUT_PROJECTION"], data_dir, key,
                              json.dumps(row, separators=(",", ":"))],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(put.returncode, 0, put.stderr)
        found = run(["verify", "--data-dir", data_dir], timeout=300)
        self.assertEqual(found.returncode, 1, found.stdout)
        self.assertIn(f"account {self.account.customer_id}: (f) entry 2", found.stdout)
        repaired = run(["replay", "--data-dir", data_dir], timeout=300)
        self.assertEqual(repaired.returncode, 0, repaired.stdout + repaired.stderr)
        again = run(["verify", "--data-dir", data_dir], timeout=300)
        self.assertEqual(again.returncode, 0, again.stdout)


if __name__ == "__main__":
    unittest.main()
