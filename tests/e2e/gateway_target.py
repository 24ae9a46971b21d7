"""A target for the gateway tests on 127.0.0.1: it tells each client the source address it sees,
so tests can tell exit nodes apart (127.0.0.2-5), and moves exact byte counts both ways.

The first line a client sends picks what happens:
  IP\\n                  -> "<source address>\\n", then close
  SINK <n>\\n + n bytes   -> "OK\\n" once all n arrived, then close
  SEND <m>\\n            -> m bytes of b"x", then close (or until the client goes away)
  GET / HTTP/1.x ...    -> an HTTP/1.0 200 whose body is the source address (curl, requests)

On UDP, at `udp_port`, each datagram is answered with "<source address> " + the datagram.
"""
import socket
import threading


def serve_each(listener, serve):
    """Accepts on `listener` until it is closed, serving each connection as serve(conn, peer) on a
    thread of its own."""
    def accept_loop():
        while True:
            try:
                conn, peer = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn, peer), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()


class Target:
    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(512)
        self.port = self.sock.getsockname()[1]
        serve_each(self.sock, self._serve)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp_port = self.udp.getsockname()[1]
        threading.Thread(target=self._answer_datagrams, daemon=True).start()

    def close(self):
        self.sock.close()
        self.udp.close()

    def _answer_datagrams(self):
        while True:
            try:
                data, peer = self.udp.recvfrom(65535)
                self.udp.sendto(peer[0].encode() + b" " + data, peer)
            except OSError:
                return

    @staticmethod
    def _read_line(conn):
        line = b""
        while not line.endswith(b"\n") and len(line) < 8192:
            got = conn.recv(1)
            if not got:
                break
            line += got
        return line

    def _serve(self, conn, peer):
        try:
            line = self._read_line(conn)
            if line == b"IP\n":
                conn.sendall(peer[0].encode() + b"\n")
            elif line.startswith(b"SINK "):
                left = int(line.split()[1])
                while left > 0:
                    got = conn.recv(min(left, 65536))
                    if not got:
                        return
                    left -= len(got)
                conn.sendall(b"OK\n")
            elif line.startswith(b"SEND "):
                left = int(line.split()[1])
                block = b"x" * 65536
                while left > 0:
                    n = conn.send(block[:min(left, len(block))])
                    left -= n
            elif line.startswith(b"GET "):
                while self._read_line(conn) not in (b"\r\n", b"\n", b""):
                    pass
                body = peer[0].encode()
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                             + str(len(body)).encode() + b"\r\n\r\n" + body)
        except OSError:
            pass
        finally:
            conn.close()
