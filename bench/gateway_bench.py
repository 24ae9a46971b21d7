"""Drives bench/socks_load (C++) against a real `sluice serve`: starts the server with one direct
exit node on 127.0.0.2 and the default grant size and report interval, funds an account, and
runs the load with that account's credentials, directly and through the gateway in one run.

  /usr/bin/python3 bench/gateway_bench.py --sluice build/release/apps/sluice \
      --load build/release/bench/socks_load [--quick]
"""
import argparse
import os
import resource
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

CONFIG = """
[auth]
admin_token = "adm_test_token_0123456789"
[socks]
listen = "127.0.0.1:0"
username_prefix = "vela"
allow_private_destinations = true
[resolver]
static = { "www.bbc.co.uk" = "127.0.0.1" }
[[exit_nodes]]
id = "uk-1"
country = "uk"
kind = "direct"
bind = "127.0.0.2"
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sluice", required=True)
    parser.add_argument("--load", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--socks-option", action="append", default=[],
                        help="an extra [socks] line, e.g. 'grant_bytes = 16777216'")
    args, load_args = parser.parse_known_args()  # The rest goes to socks_load.
    os.environ["E2E_SLUICE_BIN"] = os.path.abspath(args.sluice)
    # Thousands of idle tunnels: the server inherits this limit.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    from b2b_client import Api, new_account  # noqa: E402 - after E2E_SLUICE_BIN is set
    from harness import Server  # noqa: E402

    config = CONFIG.replace("[resolver]", "\n".join(args.socks_option) + "\n[resolver]")
    server = Server(config_text=config)
    try:
        api = Api(server.base)
        account = new_account(api)
        api.credit(account.customer_id, 10**15)  # 1 PB: the wallet never limits the run.
        password = account.ok("GET", "/v1/b2b/tunnel-credential")["password"]
        user = f"vela-{account.customer_id}-session-bench-country-uk"
        command = [args.load, "--socks", f"{server.socks_host}:{server.socks_port}",
                   "--user", user, "--pass", password,
                   "--pid", str(server.proc.pid)]
        if args.quick:
            command.append("--quick")
        command += load_args
        code = subprocess.run(command, check=False).returncode
        if code < 0:
            print(f"gateway_bench: socks_load was killed by signal {-code}", file=sys.stderr)
        return code
    finally:
        server.close()


if __name__ == "__main__":
    sys.exit(main())
