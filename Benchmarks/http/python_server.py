"""The Python peer in the HTTP benchmark: the standard library's
ThreadingHTTPServer answering every GET with the same 1 KB JSON body, with
HTTP/1.1 keep-alive so wrk's connections are reused as with the other servers.

    python3 python_server.py PORT BODY_FILE
"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

body = open(sys.argv[2], "rb").read()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
