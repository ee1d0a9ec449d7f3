"""A real webhook receiver for tests: an HTTP server on 127.0.0.1 in a thread that verifies every delivery with
`standardwebhooks` and keeps each event once (de-duplicated on webhook-id), as an integrator's would."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook


@dataclass
class Receiver:
    secret: str = ""
    deliveries: list[dict] = field(default_factory=list)  # every POST: headers and body, verified or not
    events: dict[str, dict] = field(default_factory=dict)  # by webhook-id: each event once
    # The very first delivery is processed but answered 500, as if its acknowledgement was lost on the way.
    lose_first_ack: bool = False
    status: int = 200  # the answer to every other delivery

    def handle(self, headers: dict[str, str], body: bytes) -> int:
        self.deliveries.append({"headers": headers, "body": body})
        payload = Webhook(self.secret).verify(body, headers)  # raises on a bad signature or old timestamp
        event_id = headers["webhook-id"]
        self.events.setdefault(event_id, payload)
        if self.lose_first_ack:
            self.lose_first_ack = False
            return 500
        return self.status

    @property
    def types(self) -> list[str]:
        return [event["type"] for event in self.events.values()]


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            status = self.server.receiver.handle({k.lower(): v for k, v in self.headers.items()}, body)
        except Exception as error:  # noqa: BLE001 - a failed verification answers 400 and is kept for the test
            self.server.receiver.deliveries[-1]["error"] = repr(error)
            status = 400
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):  # the test output stays quiet
        pass


class ReceiverServer:
    """`with ReceiverServer() as (receiver, url):` serves until the block ends."""

    def __enter__(self) -> tuple[Receiver, str]:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.receiver = Receiver()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.server.receiver, f"http://127.0.0.1:{self.server.server_port}/hooks"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def body_of(delivery: dict) -> dict:
    return json.loads(delivery["body"])
