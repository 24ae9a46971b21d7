"""A destination name with several addresses (issue #4): `[resolver] static` may give a name a
list, tried in order as DNS answers are. Through an upstream proxy whose exit has IPv4 only, a
name whose IPv6 address comes first is still reached on its IPv4 one, as through a direct node;
the upstream is asked for each address in turn, never for the name."""
from connect_proxy import ConnectProxy
from gateway_client import (GatewayCase, direct_node, gateway_config, source_address, username)

DUAL_STACK = '[resolver]\nstatic = { "www.bbc.co.uk" = ["::1", "127.0.0.1"] }'


class DualStackTest(GatewayCase):
    @classmethod
    def setUpClass(cls):
        # An HTTP CONNECT proxy whose outgoing sockets are IPv4 (bound to 127.0.0.5): asked for
        # [::1] it answers 502.
        cls.proxy = ConnectProxy("proxyuser", "proxypass", "127.0.0.5")
        http_node = {"id": "de-h", "country": "de", "kind": "http",
                     "upstream": f"http://proxyuser:proxypass@127.0.0.1:{cls.proxy.port}"}
        cls.config = gateway_config([direct_node("uk-d", "uk", "127.0.0.2"), http_node],
                                    sections=DUAL_STACK)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.proxy.close()

    def setUp(self):
        self.account, self.password = self.funded_account()

    def exit_of(self, session, country):
        return source_address(self.server, username(self.account.customer_id, session, country),
                              self.password, self.target.port)

    def test_an_ipv4_only_upstream_reaches_a_dual_stack_name_on_its_ipv4_address(self):
        self.assertEqual(self.exit_of("h1", "de"), "127.0.0.5")
        port = self.target.port
        asked = [a for a in self.proxy.authorities if not a.startswith("node-check.")]
        self.assertEqual(asked, [f"[::1]:{port}", f"127.0.0.1:{port}"])
        # The first address's failure was the target's, not the node's: it stays in use.
        self.assertEqual(self.exit_of("h2", "de"), "127.0.0.5")

    def test_a_direct_ipv4_node_skips_the_ipv6_address(self):
        self.assertEqual(self.exit_of("d1", "uk"), "127.0.0.2")
