"""A full disk (issue #20 §2): while the data directory's file system is full, appends fail
cleanly (503 with Retry-After, never a 500 and never a success that was not written), a tunnel
that can no longer be metered is closed, one log line says why, and once space is freed sluice
serves again without a restart; nothing acknowledged is lost and `sluice verify` is clean.

The data directory is a 16 MiB tmpfs in a private mount namespace, held by a `sleep` process; the
server and the CLI join that namespace, and the test reaches the files through /proc/PID/root.
Where mounting is not allowed (no CAP_SYS_ADMIN), the test is skipped and says why."""
import ctypes
import errno
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import requests

from b2b_client import ADMIN_TOKEN, Api, new_account
from gateway_client import (STATIC_RESOLVER, connect, direct_node, gateway_config, username,
                            wait_for)
from gateway_target import Target
from harness import Server, run

CLONE_NEWNS = 0x00020000
CONFIG = gateway_config([direct_node("uk-1", "uk", "127.0.0.2")],
                        socks={"grant_bytes": 65536, "report_interval": "100ms"},
                        sections=STATIC_RESOLVER)
REASON = "r" * 200


def namespace_joiner(holder_pid):
    """A preexec_fn that moves the child into the mount namespace of `holder_pid`."""
    def join():
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(f"/proc/{holder_pid}/ns/mnt", os.O_RDONLY)
        if libc.setns(fd, CLONE_NEWNS) != 0:
            raise OSError(ctypes.get_errno(), "setns")
        os.close(fd)
    return join


class FullDiskTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="sluice_e2e_disk_")
        self.mount = os.path.join(self.tmp.name, "disk")
        os.mkdir(self.mount)
        if shutil.which("unshare") is None:
            self.skipTest("no unshare(1) here to mount a private tmpfs")
        self.holder = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c",
             f"mount -t tmpfs -o size=16m tmpfs '{self.mount}' && echo mounted && exec sleep 3600"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.holder.stdout.readline().strip()
        if line != "mounted":
            err = self.holder.stderr.read().strip()
            self.holder.wait()
            self.skipTest(f"mounting a tmpfs in a private mount namespace is not allowed here: "
                          f"{err or 'unshare failed'}")
        self.addCleanup(self.stop_holder)
        # What the namespace sees at the mount point, from out here.
        self.disk = f"/proc/{self.holder.pid}/root{self.mount}"
        self.data_dir = os.path.join(self.mount, "data")
        self.join = namespace_joiner(self.holder.pid)
        self.target = Target()
        self.addCleanup(self.target.close)
        self.server = Server(data_dir=self.data_dir, config_text=CONFIG, preexec_fn=self.join)
        self.addCleanup(self.server.close)
        self.api = Api(self.server.base)

    def stop_holder(self):
        self.holder.kill()
        self.holder.wait()
        self.holder.stdout.close()
        self.holder.stderr.close()
        self.tmp.cleanup()

    def fill_disk(self):
        """Writes a filler file until the tmpfs has no byte left."""
        chunk = b"\0" * 65536
        with open(os.path.join(self.disk, "filler"), "wb", buffering=0) as f:
            while True:
                try:
                    f.write(chunk)
                except OSError as e:
                    self.assertEqual(e.errno, errno.ENOSPC)
                    break
        # Smaller pieces, so that not even a short write-ahead log record fits.
        with open(os.path.join(self.disk, "filler2"), "wb", buffering=0) as f:
            try:
                while True:
                    f.write(b"\0" * 512)
            except OSError as e:
                self.assertEqual(e.errno, errno.ENOSPC)

    def free_disk(self):
        os.remove(os.path.join(self.disk, "filler"))
        os.remove(os.path.join(self.disk, "filler2"))

    def credit(self, customer_id, reference):
        return requests.post(f"{self.server.base}/v1/admin/accounts/{customer_id}/credit",
                             headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                             json={"bytes": 1000, "reason": REASON, "reference": reference},
                             timeout=30)

    def test_appends_fail_cleanly_while_full_and_succeed_again_once_space_is_freed(self):
        account = new_account(self.api)
        self.api.credit(account.customer_id, 10**12)
        password = account.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        # A download in progress when the disk fills up: it can no longer be metered.
        tunnel = connect(self.server, username(account.customer_id), password, "www.bbc.co.uk",
                         self.target.port, timeout=30)
        self.addCleanup(tunnel.close)
        tunnel.sendall(b"SEND 100000000000\n")
        self.assertTrue(tunnel.recv(65536))

        self.fill_disk()
        answered = {}
        for n in range(40):
            r = self.credit(account.customer_id, f"full-{n}")
            self.assertIn(r.status_code, (200, 503), r.text)
            if r.status_code == 503:
                self.assertEqual(r.headers.get("Retry-After"), "5")
                self.assertEqual(set(r.json()), {"detail"})
            answered[f"full-{n}"] = r.status_code
        self.assertIsNone(self.server.proc.poll(), "the server died on a full disk")
        self.assertIn(503, answered.values())
        self.assertIn("storage: a write failed", self.server.log())

        # The tunnel is closed: its reports cannot be written, so it may not relay on.
        tunnel.settimeout(30)
        ended = time.monotonic() + 30
        while time.monotonic() < ended:
            try:
                if not tunnel.recv(1 << 20):
                    break
            except OSError:
                break
        else:
            self.fail("the tunnel still relays while its usage cannot be written")

        # Reads still work while the disk is full.
        self.assertEqual(requests.get(self.server.base + "/v1/status", timeout=30).status_code,
                         200)

        self.free_disk()
        self.assertTrue(wait_for(lambda: self.credit(account.customer_id, "after").status_code
                                 == 200, timeout=60), self.server.log())
        self.assertIn("the database is reopened", self.server.log())
        # Nothing refused was written, nothing acknowledged lost: each credit refused may be made
        # again under its reference, and is then applied exactly once.
        for reference, status in answered.items():
            if status == 503:
                self.assertEqual(self.credit(account.customer_id, reference).status_code, 200)

        # A clean stop; then the ledger identities hold, and the read models equal a rebuild.
        self.assertEqual(self.server.stop(), 0)
        verify = run(["verify", "--data-dir", self.data_dir], preexec_fn=self.join, timeout=300)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)
        check = run(["replay", "--check", "--data-dir", self.data_dir], preexec_fn=self.join,
                    timeout=300)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        audit = run(["audit", "--account", account.customer_id, "--format", "jsonl",
                     "--data-dir", self.data_dir], preexec_fn=self.join, timeout=300)
        self.assertEqual(audit.returncode, 0, audit.stderr)
        references = [line for line in audit.stdout.splitlines() if '"credit"' in line]
        # The opening credit, every credit answered 200 once, "after".
        self.assertEqual(len(references), 1 + len(answered) + 1)


if __name__ == "__main__":
    unittest.main()
