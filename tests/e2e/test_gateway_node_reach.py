"""Exit-node checks through the node to `[socks] node_check_target` (issue #4). An http upstream
that takes our credentials but whose exit reaches nothing passes the check of the node alone and
fails this one: NodeDown (`target_unreachable`) with no client involved. Nodes that reach the
target stay up, and the target sees each check arrive from the node's own exit address. A check
target this host cannot reach either takes no node down, and is logged once."""
import socket
import threading

from connect_proxy import ConnectProxy
from gateway_client import direct_node, gateway_config, source_address, username, wait_for
from gateway_target import serve_each
from test_gateway_node_health import RESOLVER, NodeHealthCase, free_port, unassigned_addresses


class CheckTarget:
    """Accepts connections and records the address each came from."""

    def __init__(self):
        self.peers = []
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        serve_each(self.listener, self._serve)

    def _serve(self, conn, peer):
        with self.lock:
            self.peers.append(peer[0])
        conn.close()

    def seen(self, address):
        with self.lock:
            return self.peers.count(address)

    def close(self):
        self.listener.close()


CHECK_TARGET = CheckTarget()
(NOWHERE,) = unassigned_addresses(1)  # The blind proxy's outgoing address: binding it fails.


class ProxiedCase(NodeHealthCase):
    """uk-a (direct, 127.0.0.3), de-good (an http upstream whose exit is 127.0.0.5) and de-blind
    (an http upstream taking our credentials whose exit reaches nothing), checked every 300 ms.
    Each class has proxies on ports of its own: a closed listener's port is not free at once."""
    good_port, blind_port = 0, 0

    @staticmethod
    def make_config(good_port, blind_port, check_target):
        de_good = {"id": "de-good", "country": "de", "kind": "http",
                   "upstream": f"http://proxyuser:proxypass@127.0.0.1:{good_port}"}
        de_blind = {"id": "de-blind", "country": "de", "kind": "http",
                    "upstream": f"http://proxyuser:proxypass@127.0.0.1:{blind_port}"}
        return gateway_config([direct_node("uk-a", "uk", "127.0.0.3"), de_good, de_blind],
                              socks={"node_check_interval": "300ms",
                                     "node_check_target": check_target}, sections=RESOLVER)

    @classmethod
    def setUpClass(cls):
        cls.good = ConnectProxy("proxyuser", "proxypass", "127.0.0.5", port=cls.good_port)
        cls.blind = ConnectProxy("proxyuser", "proxypass", NOWHERE, port=cls.blind_port)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.good.close()
        cls.blind.close()


class NodeReachTest(ProxiedCase):
    good_port, blind_port = free_port(), free_port()
    config = ProxiedCase.make_config(good_port, blind_port, f"127.0.0.1:{CHECK_TARGET.port}")

    def test_a_node_whose_exit_reaches_nothing_is_taken_down_and_the_others_stay_up(self):
        self.assertTrue(wait_for(lambda: ("NodeDown", "target_unreachable")
                                 in self.node_events("de-blind")))
        self.assertEqual(self.exit_nodes()["de-blind"]["status"], "down")
        self.assertEqual(self.exit_nodes()["de-blind"]["down_reason"], "target_unreachable")
        # The others' checks reached the target from their own exits, and wrote nothing.
        self.assertTrue(wait_for(lambda: CHECK_TARGET.seen("127.0.0.5") >= 2))
        self.assertTrue(wait_for(lambda: CHECK_TARGET.seen("127.0.0.3") >= 2))
        self.assertEqual(self.node_events("de-good"), [("NodeRegistered", None)])
        self.assertEqual(self.node_events("uk-a"), [("NodeRegistered", None)])
        # So a client in that country exits through de-good, never through de-blind.
        for session in ("d1", "d2", "d3"):
            user = username(self.account.customer_id, session, "de")
            self.assertEqual(source_address(self.server, user, self.password, self.target.port),
                             "127.0.0.5")


class UnreachableCheckTargetTest(ProxiedCase):
    good_port, blind_port = free_port(), free_port()
    check_target = f"127.0.0.1:{free_port()}"  # Nothing listens there.
    config = ProxiedCase.make_config(good_port, blind_port, check_target)

    def test_a_check_target_this_host_cannot_reach_takes_no_node_down(self):
        target = self.check_target
        # Checks go on (each proxy is asked for the target) and take nothing down.
        self.assertTrue(wait_for(lambda: self.good.authorities.count(target) >= 3
                                 and self.blind.authorities.count(target) >= 3),
                        self.server.log())
        for node in ("de-good", "de-blind", "uk-a"):
            self.assertEqual(self.node_events(node), [("NodeRegistered", None)], node)
        log = self.server.log()
        self.assertEqual(log.count(f"node_check_target {target} cannot be reached"), 1, log)
