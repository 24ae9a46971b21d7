"""A webhook receiver on loopback for the delivery tests: records every request (headers and the
raw body) and answers each with the next scripted (status, headers) pair, 200 once the script
runs out. With `tls=(certfile, keyfile)` it speaks HTTPS. `before_answer` and `after_answer`, when
set, are called with the request's number (1, 2, ...) just before and just after its answer."""
import http.server
import ssl
import threading
import time


class Receiver:
    def __init__(self, script=(), tls=None):
        self.requests = []
        self.script = list(script)
        self.lock = threading.Lock()
        self.before_answer = None
        self.after_answer = None
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers),
                                              "body": body, "at": time.monotonic()})
                    number = len(receiver.requests)
                    status, headers = (receiver.script.pop(0) if receiver.script
                                       else (200, {}))
                if receiver.before_answer:
                    receiver.before_answer(number)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
                self.wfile.flush()
                if receiver.after_answer:
                    receiver.after_answer(number)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        scheme = "http"
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
            scheme = "https"
        self.url = f"{scheme}://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, count, timeout=20.0):
        """The first `count` requests, once they have arrived."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if len(self.requests) >= count:
                    return list(self.requests[:count])
            time.sleep(0.05)
        raise AssertionError(f"{len(self.requests)} of {count} webhook requests arrived")

    def count(self):
        with self.lock:
            return len(self.requests)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
