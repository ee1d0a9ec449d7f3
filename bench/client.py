"""The load clients: POSTs over raw sockets from concurrent threads, and a logged-in browser for pages."""

from __future__ import annotations

import re
import socket
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.client import HTTPConnection

from bench.settings import HarnessError, p95


def raw_post(port: int, path: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body


def exchange(port: int, request: bytes, timeout: float = 60) -> tuple[int, bytes]:
    """One request on a fresh connection (gunicorn's sync workers close after each response)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, payload = data.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0]
    parts = status_line.split()
    if len(parts) < 2 or not parts[1].isdigit():
        raise OSError(f"bad response: {status_line[:80]!r}")
    return int(parts[1]), payload


@dataclass
class LoadResult:
    label: str
    wall: float
    statuses: list[int | None]
    latencies: list[float]
    payloads: list[bytes]
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> int:
        return sum(1 for s in self.statuses if s == 201)

    @property
    def throughput(self) -> float:
        return self.ok / self.wall if self.wall else 0.0

    @property
    def p95_ms(self) -> float:
        return p95(self.latencies) * 1000

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000


def run_load(label: str, port: int, bodies: list[bytes], clients: int) -> LoadResult:
    requests = [raw_post(port, "/api/v1/incidents", body) for body in bodies]
    n = len(requests)
    statuses: list[int | None] = [None] * n
    latencies = [0.0] * n
    payloads = [b""] * n
    failures: list[str] = []
    position = iter(range(n))
    lock = threading.Lock()

    def client():
        while True:
            with lock:
                i = next(position, None)
            if i is None:
                return
            started = time.perf_counter()
            try:
                statuses[i], payloads[i] = exchange(port, requests[i])
            except OSError as error:
                with lock:
                    failures.append(f"request {i}: {error!r}")
            latencies[i] = time.perf_counter() - started

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return LoadResult(label, wall, statuses, latencies, payloads, failures)


def describe(result: LoadResult) -> str:
    return (
        f"{result.label:<12} {result.ok:>5}/{len(result.statuses)} ok in {result.wall:6.2f} s  "
        f"{result.throughput:7.1f} req/s  p50 {result.p50_ms:6.1f} ms  p95 {result.p95_ms:6.1f} ms"
    )


def merge(label: str, parts: list[LoadResult]) -> LoadResult:
    merged = LoadResult(label, 0.0, [], [], [])
    for part in parts:
        merged.wall += part.wall
        merged.statuses += part.statuses
        merged.latencies += part.latencies
        merged.payloads += part.payloads
        merged.failures += part.failures
    return merged


class Browser:
    """One visitor of the pages (logged in or not) or an API client with a token: cookies by hand,
    one fresh connection per request."""

    def __init__(self, port: int, token: str | None = None):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.token = token

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict, str]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "nl"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text_ = response.read().decode("utf-8", errors="replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), text_
        finally:
            connection.close()

    def _post_form(self, path: str, fields: dict) -> tuple[int, str]:
        """GETs the form for its CSRF token, POSTs the fields; the status and the redirect's target."""
        status, _, page = self.request("GET", path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
            r'value="([^"]+)"[^>]*name="csrf_token"', page
        )
        if status != 200 or match is None:
            raise HarnessError(f"{path}: status {status}, no CSRF token found")
        status, headers, _ = self.request(
            "POST", path, urllib.parse.urlencode({"csrf_token": match.group(1), **fields})
        )
        return status, next((v for k, v in headers.items() if k.lower() == "location"), "")

    def login(self, email: str, password: str, totp_secret: str | None = None) -> None:
        """Logs in; with the user's TOTP secret, through the second step as well."""
        status, location = self._post_form("/inloggen", {"email": email, "password": password})
        if status == 302 and "/inloggen/code" in location and totp_secret:
            import pyotp

            totp = pyotp.TOTP(totp_secret)
            status, location = self._post_form("/inloggen/code", {"code": totp.now()})
            if status == 422:
                # The desk refuses a code used before, and a world seeded in seconds used this step's
                # code to enrol: the next step's code is new.
                time.sleep(totp.interval - time.time() % totp.interval + 0.5)
                status, location = self._post_form("/inloggen/code", {"code": totp.now()})
        if status != 302 or "inloggen" in location:
            raise HarnessError(f"login failed: status {status}, location {location!r}")
