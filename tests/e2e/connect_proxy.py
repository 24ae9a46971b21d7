"""A small HTTP CONNECT proxy for the gateway's `http` exit nodes (RFC 9110 §9.3.6): Basic proxy
authorization, outgoing connections bound to one address (so the target sees which exit was
used), 407 for wrong credentials and 502 when the target refuses. It records each CONNECT
authority it was asked for."""
import base64
import socket
import threading

from gateway_target import serve_each


class ConnectProxy:
    def __init__(self, user, password, bind_address, port=0):
        self.expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.bind_address = bind_address
        self.authorities = []
        self.listener = socket.create_server(("127.0.0.1", port))
        self.port = self.listener.getsockname()[1]
        serve_each(self.listener, self._serve)

    def close(self):
        self.listener.close()

    @staticmethod
    def _read_head(conn):
        head = b""
        while not head.endswith(b"\r\n\r\n") and len(head) < 8192:
            got = conn.recv(1)
            if not got:
                return None
            head += got
        return head.decode("latin-1")

    def _serve(self, conn, _peer):
        with conn:
            head = self._read_head(conn)
            if head is None:
                return
            lines = head.split("\r\n")
            method, authority, _ = lines[0].split(" ", 2)
            headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
            if method != "CONNECT":
                conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
                return
            if headers.get("Proxy-Authorization") != self.expected:
                conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                             b"Proxy-Authenticate: Basic realm=\"test\"\r\n\r\n")
                return
            self.authorities.append(authority)
            host, port = authority.rsplit(":", 1)
            upstream = socket.socket()
            try:
                upstream.bind((self.bind_address, 0))
                upstream.settimeout(5)
                upstream.connect((host.strip("[]"), int(port)))
                upstream.settimeout(None)
            except OSError:
                upstream.close()
                conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\n\r\n")
                return
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            with upstream:
                other = threading.Thread(target=self._pump, args=(upstream, conn), daemon=True)
                other.start()
                self._pump(conn, upstream)
                other.join()

    @staticmethod
    def _pump(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        try:
            dst.shutdown(socket.SHUT_WR)  # Pass the half-close on.
        except OSError:
            pass
