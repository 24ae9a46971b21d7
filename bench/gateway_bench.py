"""Drives bench/socks_load (C++) against a real `sluice serve`: starts the server with one direct
exit node on 127.0.0.2 and the default grant size and report interval, funds an account, and
runs the load with that account's credentials, directly and through the gateway in one run.

  /usr/bin/python3 bench/gateway_bench.py --sluice build/release/apps/sluice \
      --load build/release/bench/socks_load [--quick]

With --lease it also buys a dedicated proxy (issue #21) on a second direct node (127.0.0.3)
through the reseller API and runs socks_load's lease table (--lease-ratio SECONDS, default 5):
set-ups and a download through the proxy's port, SOCKS5 and HTTP CONNECT, beside the gateway.
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

# A catalogue of one location with one node, for --lease (the lease port comes from `ports`).
LEASE_CATALOGUE = """
currency = "USD"
[dedicated]
ports = "21900-21999"
[[locations]]
id = "LAX"
name = "Los Angeles"
[[products]]
id = 1
name = "Bench Proxy"
locations = ["LAX"]
[[products.pricing]]
id = 1
label = "1 Day"
price = "1.00"
period_type = "day"
period_duration = 1
"""
LEASE_NODE = """
[[exit_nodes]]
id = "lax-1"
location = "LAX"
kind = "direct"
bind = "127.0.0.3"
"""


def buy_proxy(api, account):
    """A proxy bought with an rv_ key: (port, username, password)."""
    from b2b_client import ADMIN_TOKEN  # noqa: E402 - after E2E_SLUICE_BIN is set
    api.ok("POST", f"/v1/admin/accounts/{account.customer_id}/balance/credit", ADMIN_TOKEN,
           {"amount": "10.00"})
    key = account.ok("POST", "/v1/b2b/api-keys", {"label": "bench", "family": "reseller"},
                     status=201)["key"]
    order = api.ok("POST", "/v1/reseller/orders", key, {"product_id": 1, "pricing_id": 1},
                   status=201)
    api.ok("POST", f"/v1/reseller/orders/{order['id']}/pay", key)
    proxy = api.ok("GET", "/v1/reseller/proxies", key)["proxies"][0]
    return proxy["port"], proxy["username"], proxy["password"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sluice", required=True)
    parser.add_argument("--load", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--lease", action="store_true",
                        help="also through a dedicated proxy's port (socks_load --lease-ratio)")
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
    if args.lease:
        config = LEASE_CATALOGUE + config + LEASE_NODE
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
        if args.lease:
            port, user, password = buy_proxy(api, account)
            command += ["--lease", f"127.0.0.1:{port}", "--lease-user", user,
                        "--lease-pass", password]
            if "--lease-ratio" not in load_args:
                command += ["--lease-ratio", "0.5" if args.quick else "5"]
        command += load_args
        code = subprocess.run(command, check=False).returncode
        if code < 0:
            print(f"gateway_bench: socks_load was killed by signal {-code}", file=sys.stderr)
        return code
    finally:
        server.close()


if __name__ == "__main__":
    sys.exit(main())
