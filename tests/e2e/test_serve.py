"""`sluice serve` as a user sees it: the ready line, /healthz, /v1/status, limits, clean stop."""
import json
import os
import signal
import socket
import tempfile
import unittest

import requests

from harness import Server, run

CONFIG = """
data_dir = "./ignored-by-data-dir-flag"
[[exit_nodes]]
id = "uk-1"
country = "uk"
kind = "direct"
bind = "127.0.0.2"
[[exit_nodes]]
id = "de-1"
country = "de"
kind = "socks5"
upstream = "socks5://user:pass@127.0.0.1:1090"
[services.bbc]
hosts = ["bbc.co.uk"]
"""


class ServeTest(unittest.TestCase):
    def setUp(self):
        self.server = Server(config_text=CONFIG)

    def tearDown(self):
        self.server.close()

    def test_ready_line_names_the_bound_http_and_socks_addresses(self):
        self.assertRegex(self.server.ready_line,
                         r"^ready http=127\.0\.0\.1:\d+ socks=127\.0\.0\.1:\d+$")
        self.assertNotEqual(self.server.socks_port, 0)

    def test_healthz_reports_log_and_projection_positions(self):
        r = requests.get(self.server.base + "/healthz", timeout=10)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.headers["Content-Type"], "application/json")
        # A fresh start has written one NodeRegistered per configured exit node, and the read
        # models have read them before the ready line.
        self.assertEqual(r.json(), {"status": "ok", "log": {"last_seq": 2},
                                    "projections": {"position": 2, "lag": 0}})

    def test_status_lists_configured_countries_and_all_service_tags(self):
        r = requests.get(self.server.base + "/v1/status", timeout=10)
        self.assertEqual(r.status_code, 200)
        body = r.json()
        self.assertEqual(body["status"], "ok")
        self.assertEqual(body["countries"], [
            {"code": "de", "name": "Germany", "available": True},
            {"code": "uk", "name": "United Kingdom", "available": True},
        ])
        self.assertEqual(body["services"], sorted([
            "netflix", "prime", "bbc", "itvx", "c4", "sky", "disney", "paramount", "appletv",
            "discovery", "dazn", "max"]))

    def test_unknown_path_is_404_and_wrong_method_405_with_json_detail(self):
        r = requests.get(self.server.base + "/nope", timeout=10)
        self.assertEqual((r.status_code, r.json()), (404, {"detail": "Not Found"}))
        r = requests.post(self.server.base + "/healthz", timeout=10)
        self.assertEqual((r.status_code, r.json()), (405, {"detail": "Method Not Allowed"}))

    def test_oversized_body_is_refused_with_413(self):
        r = requests.post(self.server.base + "/v1/status", data=b"x" * (1024 * 1024 + 1),
                          timeout=30)
        self.assertEqual(r.status_code, 413)

    def test_garbage_on_the_socket_does_not_hurt_the_server(self):
        host, port = self.server.base[len("http://"):].split(":")
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(b"\x16\x03\x01\x00\xff garbage\r\n\r\n")
            s.settimeout(10)
            try:
                s.recv(1024)
            except (ConnectionResetError, socket.timeout):
                pass
        self.assertEqual(requests.get(self.server.base + "/healthz", timeout=10).status_code, 200)

    def test_sigterm_and_sigint_stop_cleanly_with_status_0(self):
        self.assertEqual(self.server.stop(signal.SIGTERM), 0)
        self.assertIn("stopped cleanly", self.server.log())
        again = Server(data_dir=self.server.data_dir)
        try:
            self.assertEqual(again.stop(signal.SIGINT), 0)
        finally:
            again.close()

    def test_secrets_are_generated_once_with_mode_0600(self):
        secrets = os.path.join(self.server.data_dir, "secrets")
        for name in ("admin_token", "jwt_secret", "sealing_key"):
            self.assertEqual(os.stat(os.path.join(secrets, name)).st_mode & 0o777, 0o600, name)
        with open(os.path.join(secrets, "admin_token")) as f:
            token = f.read()
        self.assertEqual(self.server.stop(), 0)
        again = Server(data_dir=self.server.data_dir)
        try:
            with open(os.path.join(secrets, "admin_token")) as f:
                self.assertEqual(f.read(), token)
        finally:
            again.close()

    def test_replay_refuses_plainly_while_the_server_runs(self):
        r = run(["replay", "--data-dir", self.server.data_dir])
        self.assertEqual(r.returncode, 1)
        self.assertIn("the server is running", r.stderr)


class CliTest(unittest.TestCase):
    def test_version(self):
        r = run(["--version"])
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^sluice \d+\.\d+\.\d+\n$")

    def test_a_bad_configuration_stops_startup_naming_key_and_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad.toml")
            with open(path, "w") as f:
                f.write('currency = "EUR"\n[socks]\nhandshake_timeout = "10 parsecs"\n')
            r = run(["serve", "--config", path, "--data-dir", tmp])
            self.assertEqual(r.returncode, 2)
            self.assertIn(f"{path}:3: socks.handshake_timeout: invalid duration", r.stderr)
            r = run(["serve", "--data-dir", tmp], extra_env={"SLUICE_HTTP_LISTEN": "nope"})
            self.assertEqual(r.returncode, 2)
            self.assertIn("SLUICE_HTTP_LISTEN", r.stderr)
            self.assertEqual(r.stdout, "")


if __name__ == "__main__":
    unittest.main()
