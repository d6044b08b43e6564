"""The lean HTTP/1.1 pool against a real asyncio server on loopback that frames replies as told."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
from collections.abc import Awaitable, Callable

import pytest

from harness.models.http1 import Http1Pool, ProtocolFailure

Reply = Callable[[asyncio.StreamWriter, bytes], Awaitable[bool]]  # returns whether to keep the connection


def _ok(payload: bytes, extra: str = "") -> bytes:
    return f"HTTP/1.1 200 OK\r\ncontent-length: {len(payload)}\r\n{extra}\r\n".encode() + payload


async def plain(writer: asyncio.StreamWriter, body: bytes) -> bool:
    writer.write(_ok(b'{"echo": ' + body + b"}"))
    return True


class Server:
    """Answers each request with the next reply of ``script`` (``plain`` once it is empty); counts
    connections opened and the most open at once."""

    def __init__(self, *script: Reply) -> None:
        self.script = list(script)
        self.connections = 0
        self.open = 0
        self.most_open = 0
        self.bodies: list[bytes] = []
        self.gate: asyncio.Event | None = None  # when set, replies wait for it

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.open += 1
        self.most_open = max(self.most_open, self.open)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
                body = await reader.readexactly(length)
                self.bodies.append(body)
                if self.gate is not None:
                    await self.gate.wait()
                reply = self.script.pop(0) if self.script else plain
                keep = await reply(writer, body)
                await writer.drain()
                if not keep:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.open -= 1
            writer.close()

    async def __aenter__(self) -> str:
        self._server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/v1/chat/completions"

    async def __aexit__(self, *exc: object) -> None:
        self._server.close()


def head(n: int) -> bytes:
    return b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: " + str(n).encode() + b"\r\n\r\n"


async def post(pool: Http1Pool, payload: bytes) -> dict[str, object]:
    answer = await pool.request(head(len(payload)), payload)
    assert answer.status == 200
    decoded = json.loads(answer.body)
    assert isinstance(decoded, dict)
    return decoded


def test_connections_are_kept_alive_and_reused() -> None:
    async def main() -> None:
        server = Server()
        async with server as url:
            pool = Http1Pool(url, 4, 5.0)
            for index in range(10):
                assert await post(pool, str(index).encode()) == {"echo": index}
            await pool.aclose()
        assert server.connections == 1 and pool.opened == 1

    asyncio.run(main())


def test_requests_in_flight_never_open_more_connections_than_the_pool_holds() -> None:
    async def main() -> None:
        server = Server()
        server.gate = asyncio.Event()
        async with server as url:
            pool = Http1Pool(url, 3, 5.0)
            calls = [asyncio.create_task(post(pool, str(i).encode())) for i in range(12)]
            while len(server.bodies) < 3:
                await asyncio.sleep(0.01)
            server.gate.set()
            answers = await asyncio.gather(*calls)
            await pool.aclose()
        assert sorted(a["echo"] for a in answers) == list(range(12))  # type: ignore[type-var]
        assert server.most_open == 3 and pool.opened == 3

    asyncio.run(main())


async def chunked(writer: asyncio.StreamWriter, body: bytes) -> bool:
    payload = b'{"echo": ' + body + b', "framing": "chunked"}'
    head = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
    writer.write(
        head + b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (payload[:5], payload[5:])) + b"0\r\n\r\n"
    )
    return True


async def gzipped(writer: asyncio.StreamWriter, body: bytes) -> bool:
    writer.write(_ok(gzip.compress(b'{"echo": ' + body + b"}"), "content-encoding: gzip\r\n"))
    return True


async def closing(writer: asyncio.StreamWriter, body: bytes) -> bool:
    writer.write(_ok(b'{"echo": ' + body + b"}", "connection: close\r\n"))
    return False


async def silently_closing(writer: asyncio.StreamWriter, body: bytes) -> bool:
    """Answers, then drops the connection without saying so (a server's keep-alive timeout)."""
    writer.write(_ok(b'{"echo": ' + body + b"}"))
    return False


def test_chunked_gzip_and_closing_replies_are_read_whole() -> None:
    async def main() -> None:
        server = Server(chunked, gzipped, closing, plain)
        async with server as url:
            pool = Http1Pool(url, 2, 5.0)
            assert await post(pool, b"1") == {"echo": 1, "framing": "chunked"}
            assert await post(pool, b"2") == {"echo": 2}
            assert await post(pool, b"3") == {"echo": 3}
            assert await post(pool, b"4") == {"echo": 4}  # on a new connection: the server closed the first
            await pool.aclose()
        assert server.connections == 2

    asyncio.run(main())


def test_a_kept_connection_the_server_dropped_is_replaced_without_an_error() -> None:
    async def main() -> None:
        server = Server(silently_closing, plain)
        async with server as url:
            pool = Http1Pool(url, 2, 5.0)
            assert await post(pool, b"1") == {"echo": 1}
            await asyncio.sleep(0.05)  # the close reaches the client
            assert await post(pool, b"2") == {"echo": 2}
            await pool.aclose()
        assert server.connections == 2 and server.bodies == [b"1", b"2"]

    asyncio.run(main())


async def cut_off(writer: asyncio.StreamWriter, body: bytes) -> bool:
    writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n" + b'{"echo": ')
    return False


async def not_http(writer: asyncio.StreamWriter, body: bytes) -> bool:
    writer.write(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
    return False


@pytest.mark.parametrize("reply", [cut_off, not_http])
def test_cut_off_or_foreign_replies_are_protocol_failures(reply: Reply) -> None:
    async def main() -> None:
        server = Server(reply)
        async with server as url:
            pool = Http1Pool(url, 2, 5.0)
            with pytest.raises(ProtocolFailure) as failure:
                await post(pool, b"1")
            assert failure.value.kind == "RemoteProtocolError"
            assert await post(pool, b"2") == {"echo": 2}  # the broken connection was not kept
            await pool.aclose()

    asyncio.run(main())


def test_a_refused_connection_is_a_connect_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def main() -> None:
        pool = Http1Pool(f"http://127.0.0.1:{port}/v1", 2, 5.0)
        with pytest.raises(ProtocolFailure) as failure:
            await post(pool, b"1")
        assert failure.value.kind == "ConnectError"

    asyncio.run(main())


def test_a_cancelled_request_does_not_leave_its_connection_in_the_pool() -> None:
    async def main() -> None:
        server = Server()
        server.gate = asyncio.Event()
        async with server as url:
            pool = Http1Pool(url, 2, 5.0)
            waiting = asyncio.create_task(post(pool, b"1"))
            while not server.bodies:
                await asyncio.sleep(0.01)
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting
            server.gate.set()
            # A reused connection would read the cancelled request's late answer as this one's.
            assert await post(pool, b"2") == {"echo": 2}
            await pool.aclose()
        assert pool.opened == 2

    asyncio.run(main())


def test_only_http_urls_are_pooled() -> None:
    with pytest.raises(ValueError, match="not an http"):
        Http1Pool("unix:///tmp/socket", 2, 5.0)
