# SPDX-License-Identifier: Apache-2.0
"""A loopback HTTP server standing in for the GitHub REST API: it answers each path with the
responses queued for it, in order, and records every request."""

import http.server
import json
import threading
import time


class GitHubStandIn:
    def __init__(self):
        self.responses = {}  # (method, path) -> [(status, headers, body, delay_s)]
        self.requests = []
        standin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                standin.requests.append({"method": self.command, "path": self.path,
                                         "headers": dict(self.headers), "body": body})
                queue = standin.responses.get((self.command, self.path), [])
                status, headers, payload, delay = queue.pop(0) if queue else (404, {}, {"message": "Not Found"}, 0)
                time.sleep(delay)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            do_GET = answer
            do_POST = answer

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def queue(self, method, path, status, body, headers=None, delay=0.0):
        self.responses.setdefault((method, path), []).append((status, headers or {}, body, delay))

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
