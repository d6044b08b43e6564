"""A threaded loopback HTTP server that answers from a script and records every request.

Provider stand-ins (OpenAI, Anthropic) subclass it and render their own wire format; what they share
is here: the queue of scripted replies, injected faults (status codes with headers, stalls longer
than the client's timeout, bodies that are not JSON) and the request log.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Internal: how a cut reply travels from _reply to the handler (never sent).
_CUT_HEADER = "x-fake-cut-at"


class _Server(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: a burst of concurrent clients would see resets.
    request_queue_size = 256
    daemon_threads = True


@dataclass
class Fault:
    """A reply that is not a normal answer: an HTTP error (``status`` with ``headers``), a body
    that is not JSON (``raw_body``), or a reply sent only after ``delay_s``."""

    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    raw_body: str | None = None
    delay_s: float = 0.0
    # Send only this many bytes of the body (its full length announced), then drop the connection.
    cut_at: int | None = None


def http_error(status: int, retry_after: float | str | None = None, message: str = "injected failure") -> Fault:
    """An error reply in the provider-neutral ``{"error": {"message"}}`` shape."""
    headers = {"retry-after": str(retry_after)} if retry_after is not None else {}
    return Fault(status=status, headers=headers, body={"error": {"message": message, "type": "injected"}})


def cut(body: dict[str, Any], keep: float = 0.5) -> Fault:
    """A 200 reply whose connection drops after ``keep`` of its body (a proxy or a server dying mid-answer)."""
    text = json.dumps(body)
    return Fault(status=200, raw_body=text, cut_at=int(len(text) * keep))


def malformed(text: str = "<html>upstream hiccup</html>") -> Fault:
    """A 200 reply whose body is not JSON."""
    return Fault(status=200, raw_body=text)


@dataclass
class Stall:
    """Wait ``delay_s`` before answering with ``then`` (which the client has usually given up on)."""

    delay_s: float
    then: Any = "(this reply came too late)"


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


class ScriptedServer:
    """Answers POSTs from ``script`` (a queue) or, once it is empty, from ``default_reply``.

    Subclasses implement ``render(item, request)`` turning a script item into a (status, headers,
    body) reply, and may set ``required_key`` checks through ``authorized``.
    """

    def __init__(self, default_reply: Callable[[RecordedRequest], Any] | None = None) -> None:
        self.script: deque[Any] = deque()
        self.requests: list[RecordedRequest] = []
        self.default_reply = default_reply
        self._lock = threading.Lock()
        self._in_flight = 0
        self.max_in_flight = 0
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    # -- lifecycle -----------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- scripting -----------------------------------------------------------------------------
    def push(self, *items: Any) -> None:
        """Queue replies, answered in order."""
        with self._lock:
            self.script.extend(items)

    def bodies(self, path_suffix: str = "") -> list[Any]:
        """The JSON bodies of the recorded requests whose path ends with ``path_suffix``."""
        return [r.body for r in self.requests if r.path.endswith(path_suffix)]

    # -- for subclasses ------------------------------------------------------------------------
    def authorized(self, request: RecordedRequest) -> bool:
        return True

    def unauthorized(self) -> tuple[int, dict[str, str], Any]:
        return 401, {}, {"error": {"message": "invalid credentials", "type": "authentication_error"}}

    def render(self, item: Any, request: RecordedRequest) -> tuple[int, dict[str, str], Any]:
        raise NotImplementedError

    def route(self, request: RecordedRequest) -> tuple[int, dict[str, str], Any] | None:
        """Replies for paths that are not scripted (e.g. GET /v1/models); None for scripted ones."""
        return None

    # -- serving -------------------------------------------------------------------------------
    def _next_item(self, request: RecordedRequest) -> Any:
        with self._lock:
            if self.script:
                return self.script.popleft()
        if self.default_reply is None:
            return http_error(500, message="script exhausted")
        return self.default_reply(request)

    def _reply(self, request: RecordedRequest) -> tuple[float, int, dict[str, str], bytes]:
        routed = self.route(request)
        if routed is not None:
            status, headers, body = routed
            return 0.0, status, headers, json.dumps(body).encode()
        if not self.authorized(request):
            status, headers, body = self.unauthorized()
            return 0.0, status, headers, json.dumps(body).encode()
        item = self._next_item(request)
        delay = 0.0
        if isinstance(item, Stall):
            delay, item = item.delay_s, item.then
        if isinstance(item, Fault):
            payload = item.raw_body.encode() if item.raw_body is not None else json.dumps(item.body or {}).encode()
            headers = dict(item.headers)
            if item.cut_at is not None:
                headers[_CUT_HEADER] = str(item.cut_at)
            return delay + item.delay_s, item.status, headers, payload
        status, headers, body = self.render(item, request)
        return delay, status, headers, json.dumps(body).encode()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # One write per response: headers and body sent separately meet the client's delayed ACK
            # (Nagle) and add ~40 ms to every request.
            wbufsize = 1 << 16
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except json.JSONDecodeError:
                    body = raw.decode(errors="replace")
                request = RecordedRequest(method, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with owner._lock:
                    owner.requests.append(request)
                    owner._in_flight += 1
                    owner.max_in_flight = max(owner.max_in_flight, owner._in_flight)
                try:
                    delay, status, headers, payload = owner._reply(request)
                    if delay:
                        time.sleep(delay)
                    cut_at = headers.pop(_CUT_HEADER, None)
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(payload if cut_at is None else payload[: int(cut_at)])
                    self.wfile.flush()
                    if cut_at is not None:
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test); nothing to answer
                finally:
                    with owner._lock:
                        owner._in_flight -= 1

            def do_POST(self) -> None:
                self._handle("POST")

            def do_GET(self) -> None:
                self._handle("GET")

        return Handler
