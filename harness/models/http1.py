"""A lean HTTP/1.1 keep-alive connection pool for the model adapters' steady-state POSTs.

A model step through the SDK and httpx costs about 2.5 ms of CPU (measured by
``bench/bench_runner_latency.py``): the SDK rebuilds and validates its request options, httpx parses
the URL and headers again, and httpcore's pool scans every pooled connection (probing each idle
socket) on each request and each response. At ``--concurrency 64`` that CPU, not the model, bounds
the run. This pool does only what a JSON POST to one origin needs: it reuses idle connections last
in first out, frames the body by ``Content-Length`` or chunked encoding, and decodes gzip/deflate.
Anything else (a redirect, a platform that signs each request) stays with the SDK; see
``harness.models.sdk``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Http1Pool", "HttpResponse", "ProtocolFailure"]

_HEAD_LIMIT = 1 << 20  # the most header bytes a response may have


class ProtocolFailure(Exception):
    """The connection failed or the response was cut off or not HTTP/1.x; ``kind`` names it the
    way httpx does (``ConnectError``, ``ConnectTimeout``, ``RemoteProtocolError``, ``ReadError``)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


@dataclass(frozen=True)
class HttpResponse:
    """A whole response: status, headers (lower-case names, in order) and the decoded body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (lower case), if any."""
        for key, value in self.headers:
            if key == name:
                return value
        return None


class _Connection:
    __slots__ = ("reader", "writer")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    def usable(self) -> bool:
        # An idle keep-alive connection the server has closed shows EOF (or a closing transport).
        return not (self.writer.is_closing() or self.reader.at_eof())

    def close(self) -> None:
        self.writer.close()


class Http1Pool:
    """At most ``size`` connections to the origin of ``url``; idle ones are kept for reuse.

    Connections belong to the event loop that opened them: build one pool per loop.
    """

    def __init__(self, url: str, size: int, connect_timeout: float, ssl_context: ssl.SSLContext | None = None) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url}")
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.tls = ssl_context if parts.scheme == "https" else None
        if parts.scheme == "https" and self.tls is None:
            self.tls = ssl.create_default_context()
        self.size = size
        self.connect_timeout = connect_timeout
        self._idle: list[_Connection] = []
        self._slots = asyncio.Semaphore(size)
        self.opened = 0  # connections opened so far (for tests and the bench)

    async def _connect(self) -> _Connection:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(
                    self.host,
                    self.port,
                    ssl=self.tls,
                    server_hostname=self.host if self.tls else None,
                    limit=_HEAD_LIMIT,
                ),
                self.connect_timeout,
            )
        except TimeoutError:
            raise ProtocolFailure("ConnectTimeout", f"{self.host}:{self.port}") from None
        except OSError as exc:
            raise ProtocolFailure("ConnectError", str(exc)) from None
        self.opened += 1
        return _Connection(reader, writer)

    async def request(self, head: bytes, body: bytes) -> HttpResponse:
        """Send ``head`` (request line and headers, ending in a blank line) and ``body`` on one
        connection and read the whole response. A connection reused from the pool that the server
        had already closed is replaced once, since nothing of the request reached the server."""
        async with self._slots:
            while self._idle:
                connection = self._idle.pop()
                if connection.usable():
                    break
                connection.close()
            else:
                connection = await self._connect()
                return await self._exchange(connection, head, body, fresh=True)
            try:
                return await self._exchange(connection, head, body, fresh=False)
            except _StaleConnection:
                return await self._exchange(await self._connect(), head, body, fresh=True)

    async def _exchange(self, connection: _Connection, head: bytes, body: bytes, fresh: bool) -> HttpResponse:
        keep = False
        try:
            connection.writer.write(head + body)
            try:
                status, headers, keep = await _read_head(connection.reader)
            except (_NoResponse, ConnectionError) as exc:
                if not fresh:
                    raise _StaleConnection from None
                raise ProtocolFailure(
                    "RemoteProtocolError", f"server disconnected without a response ({exc})"
                ) from None
            raw = await _read_body(connection.reader, headers, status)
            response = HttpResponse(status, headers, _decode(raw, headers))
        except (ConnectionError, OSError) as exc:
            raise ProtocolFailure("ReadError", str(exc) or type(exc).__name__) from None
        finally:
            # On any failure or cancellation the connection's state is unknown: drop it.
            if keep:
                self._idle.append(connection)
            else:
                connection.close()
        return response

    async def aclose(self) -> None:
        """Close every idle connection."""
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()
            with contextlib.suppress(Exception):
                await connection.writer.wait_closed()


class _StaleConnection(Exception):
    """A reused connection the server had closed: no byte of a response came back."""


class _NoResponse(Exception):
    """The connection ended before the first byte of a response."""


async def _read_head(reader: asyncio.StreamReader) -> tuple[int, list[tuple[str, str]], bool]:
    """(status, headers, whether the connection may be reused) of the next final response."""
    while True:
        try:
            block = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as exc:
            if not exc.partial:
                raise _NoResponse("end of stream") from None
            raise ProtocolFailure("RemoteProtocolError", "response headers cut off") from None
        except asyncio.LimitOverrunError:
            raise ProtocolFailure("RemoteProtocolError", "response headers too long") from None
        lines = block.decode("latin-1").split("\r\n")
        version, _, rest = lines[0].partition(" ")
        code = rest[:3]
        if not version.startswith("HTTP/1.") or not code.isdigit():
            raise ProtocolFailure("RemoteProtocolError", f"not an HTTP/1.x response: {lines[0][:80]!r}")
        status = int(code)
        if 100 <= status < 200:  # an interim response (100 Continue): the final one follows
            continue
        headers: list[tuple[str, str]] = []
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                headers.append((name.strip().lower(), value.strip()))
        tokens = {t.strip().lower() for k, v in headers if k == "connection" for t in v.split(",")}
        keep = "close" not in tokens if version == "HTTP/1.1" else "keep-alive" in tokens
        return status, headers, keep


async def _read_body(reader: asyncio.StreamReader, headers: list[tuple[str, str]], status: int) -> bytes:
    if status in (204, 304):
        return b""
    values = dict(headers)
    try:
        if "chunked" in values.get("transfer-encoding", "").lower():
            return await _read_chunked(reader)
        if "content-length" in values:
            return await reader.readexactly(int(values["content-length"]))
        return await reader.read()  # framed by the end of the connection
    except asyncio.IncompleteReadError as exc:
        raise ProtocolFailure(
            "RemoteProtocolError", f"peer closed connection without sending complete message body ({exc})"
        ) from None
    except ValueError as exc:
        raise ProtocolFailure("RemoteProtocolError", f"bad body framing: {exc}") from None


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        line = await reader.readuntil(b"\r\n")
        size = int(line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                pass
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


def _decode(raw: bytes, headers: list[tuple[str, str]]) -> bytes:
    encoding = next((v.strip().lower() for k, v in headers if k == "content-encoding"), "")
    if encoding in ("", "identity") or not raw:
        return raw
    try:
        if encoding == "gzip":
            return zlib.decompress(raw, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            try:
                return zlib.decompress(raw)
            except zlib.error:
                return zlib.decompress(raw, -zlib.MAX_WBITS)
    except zlib.error as exc:
        raise ProtocolFailure("DecodingError", f"{encoding} body: {exc}") from None
    raise ProtocolFailure("DecodingError", f"unsupported content-encoding {encoding!r}")
