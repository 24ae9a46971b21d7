"""Starts the real `sluice` binary for end-to-end tests and waits for its ready line.

Environment: E2E_SLUICE_BIN (path of the binary), E2E_SEED_EVENTS (the seeder). Variables named
SLUICE_* are configuration to the binary, so the harness never uses that prefix for itself.
"""
import os
import re
import select
import signal
import subprocess
import tempfile
import time

SLUICE = os.environ["E2E_SLUICE_BIN"]
SEED_EVENTS = os.environ.get("E2E_SEED_EVENTS", "")
READY = re.compile(r"^ready http=(\S+):(\d+) socks=(\S+):(\d+)$")


def clean_env(extra=None):
    """The test's environment without inherited SLUICE_* settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLUICE_")}
    env.update(extra or {})
    return env


def run(args, extra_env=None, timeout=120, **kwargs):
    return subprocess.run([SLUICE, *args], env=clean_env(extra_env), capture_output=True,
                          text=True, timeout=timeout, **kwargs)


class Server:
    """`sluice serve` on an ephemeral HTTP port, in a fresh data dir unless one is given."""

    def __init__(self, data_dir=None, config_text=None, extra_env=None, preexec_fn=None):
        self.tmp = tempfile.TemporaryDirectory(prefix="sluice_e2e_")
        self.data_dir = data_dir or os.path.join(self.tmp.name, "data")
        args = ["serve", "--data-dir", self.data_dir]
        if config_text is not None:
            path = os.path.join(self.tmp.name, "sluice.toml")
            with open(path, "w") as f:
                f.write(config_text)
            args += ["--config", path]
        env = {"SLUICE_HTTP_LISTEN": "127.0.0.1:0", "SLUICE_SOCKS_LISTEN": "127.0.0.1:0"}
        env.update(extra_env or {})
        self.stderr_path = os.path.join(self.tmp.name, "stderr.log")
        self.stderr = open(self.stderr_path, "w")
        self.proc = subprocess.Popen([SLUICE, *args], env=clean_env(env), stdout=subprocess.PIPE,
                                     stderr=self.stderr, text=True, preexec_fn=preexec_fn)
        self.ready_line = self._wait_ready(deadline_s=120)
        match = READY.match(self.ready_line)
        assert match, f"unexpected ready line: {self.ready_line!r}"
        self.base = f"http://{match.group(1)}:{match.group(2)}"
        self.socks_host, self.socks_port = match.group(3), int(match.group(4))

    def _wait_ready(self, deadline_s):
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            readable, _, _ = select.select([self.proc.stdout], [], [], 1.0)
            if readable:
                line = self.proc.stdout.readline()
                if line:
                    return line.rstrip("\n")
            if self.proc.poll() is not None:
                break
        raise AssertionError(f"sluice serve did not become ready; stderr:\n{self.log()}")

    def log(self):
        self.stderr.flush()
        with open(self.stderr_path) as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM, timeout=60):
        """Sends `sig` and returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(timeout=timeout)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.stderr.close()
        self.tmp.cleanup()
