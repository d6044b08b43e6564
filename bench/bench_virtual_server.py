"""Throughput and latency of `harness serve-tools` (the StableToolBench-compatible virtual server).

Run: .venv/bin/python bench/bench_virtual_server.py [--requests 2000] [--clients 1,32] [--catalog DIR]
     [--workers N] [--rounds 3] [--stabletoolbench ../shared/data/stabletoolbench/code/server]
Starts `harness serve-tools` in its own process on a free loopback port and, for each scenario and
client count, sends StableToolBench-shaped POST /virtual requests from that many concurrent clients
(one keep-alive connection each, through a minimal HTTP/1.1 client) and prints requests/s and p50/p99 latency:
  - cache: answers recorded in the response cache (every request a cache hit);
  - local: answers computed by the catalog's own api.py code (a worker thread per call).
Without --catalog a two-tool catalog is written to a temporary folder; with --catalog (e.g. the
bundled tasks/toolenv/tools) the local scenario calls the first API of the first tool with code,
using its documented example arguments.

Then, when StableToolBench's server folder is there, both servers (one worker each) answer the same
cache-hit requests from the same cache folder at the largest client count, interleaved over
``--rounds`` rounds; it prints the medians and the ratio. Their `main.py` is run as it is from that
folder (never copied); the two packages it imports only for decorators it does not apply to
``/virtual`` (slowapi, tenacity) are stubbed when they are not installed, and its log goes to /dev/null.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from harness.envs.cache import ResponseCache
from harness.toolbench.naming import api_name_part, parameter_name
from harness.toolbench.tools import read_tool_dir

STB_SERVER = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "stabletoolbench" / "code" / "server"

_CODE = """
def convert(amount, rate=1.1):
    return {"amount": amount, "converted": round(float(amount) * float(rate), 4), "rate": rate}
"""


@dataclass
class Scenario:
    name: str
    bodies: list[dict[str, Any]]


def write_catalog(root: Path) -> Path:
    """A tool with code (Finance/fx) and one documented without code (Data/books)."""
    tools = root / "tools"
    docs = {
        "Finance/fx.json": {
            "tool_name": "FX",
            "api_list": [{"name": "Convert", "required_parameters": [{"name": "amount", "type": "NUMBER"}]}],
        },
        "Data/books.json": {
            "tool_name": "Books",
            "api_list": [{"name": "Search", "required_parameters": [{"name": "query", "type": "STRING"}]}],
        },
    }
    for relative, doc in docs.items():
        (tools / relative).parent.mkdir(parents=True, exist_ok=True)
        (tools / relative).write_text(json.dumps(doc))
    (tools / "Finance" / "fx").mkdir()
    (tools / "Finance" / "fx" / "api.py").write_text(_CODE)
    return tools


def body(category: str, tool: str, api: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """A request as StableToolBench's client sends it."""
    return {
        "category": category,
        "tool_name": tool,
        "api_name": api,
        "tool_input": json.dumps(arguments),
        "strip": "truncate",
        "toolbench_key": "",
    }


def scenarios(catalog: Path, cache: ResponseCache, variants: int = 64) -> list[Scenario]:
    """Cache hits on recorded answers, and calls of the first API that has code."""
    hits = []
    for n in range(variants):
        arguments = {"query": f"book {n}"}
        cache.put("Data", "books", "search", arguments, {"error": "", "response": {"title": f"Book {n}"}})
        hits.append(body("Data", "books", "search", arguments))
    local: list[dict[str, Any]] = []
    for tool in read_tool_dir(catalog):
        if not (catalog / tool.category_name / tool.standard_tool_name / "api.py").is_file():
            continue
        for api in tool.api_list:
            arguments = {parameter_name(p.name): p.default for p in api.required_parameters}
            if tool.tool_name == "FX":
                arguments = {"amount": 1}
            name = api_name_part(api.name)
            local = [body(tool.category_name, tool.standard_tool_name, name, arguments)]
            break
        if local:
            break
    if not local:
        raise SystemExit(f"{catalog}: no tool with api.py code")
    return [Scenario("cache", hits), Scenario("local", local)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(catalog: Path, cache: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "harness.cli.main", "serve-tools", "--catalog", str(catalog)]
    command += ["--port", str(port), "--cache", str(cache), "--log", os.devnull, "--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_until_up(f"http://127.0.0.1:{port}/health", process, "serve-tools")
    return process


class Connection:
    """One keep-alive HTTP/1.1 connection speaking just enough of the protocol for JSON POSTs: a
    client far lighter than httpx, so that the figures measure the server rather than the client."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str) -> None:
        self.reader, self.writer, self.host, self.path = reader, writer, host, path

    @classmethod
    async def open(cls, url: str) -> Connection:
        parts = urlsplit(url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        return cls(reader, writer, parts.netloc, parts.path)

    async def post(self, payload: bytes) -> tuple[int, bytes]:
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n"
        )
        self.writer.write(head.encode() + payload)
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return int(status_line.split()[1]), await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def measure(url: str, scenario: Scenario, clients: int, total: int) -> tuple[float, list[float]]:
    """(wall seconds, per-request latencies) for ``total`` requests spread over ``clients``, each
    client one connection sending its requests one after another."""
    latencies: list[float] = []
    per_client = max(1, total // clients)
    payloads = [json.dumps(b).encode() for b in scenario.bodies]
    connections = [await Connection.open(url) for _ in range(clients)]

    async def client(index: int) -> None:
        connection = connections[index]
        for n in range(per_client):
            start = time.perf_counter()
            status, answer = await connection.post(payloads[(index * per_client + n) % len(payloads)])
            latencies.append(time.perf_counter() - start)
            if status != 200 or json.loads(answer).get("error"):
                raise SystemExit(f"{scenario.name}: unexpected answer {status} {answer[:200]!r}")

    start = time.perf_counter()
    try:
        await asyncio.gather(*(client(i) for i in range(clients)))
    finally:
        for connection in connections:
            connection.close()
    return time.perf_counter() - start, latencies


_STB_LAUNCHER = """
import os, sys, types
server_dir, workdir, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
def stub(name, **attrs):
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    sys.modules.setdefault(name, module)
try:
    import slowapi  # noqa: F401
except ImportError:
    class Limiter:
        def __init__(self, *args, **kwargs): pass
        def limit(self, *args, **kwargs): return lambda f: f
    stub("slowapi", Limiter=Limiter, _rate_limit_exceeded_handler=lambda *a: None)
    stub("slowapi.errors", RateLimitExceeded=type("RateLimitExceeded", (Exception,), {}))
    stub("slowapi.util", get_remote_address=lambda request: "")
try:
    import tenacity  # noqa: F401
except ImportError:
    stub("tenacity", retry=lambda *a, **k: (lambda f: f), wait_random_exponential=lambda *a, **k: None,
         stop_after_attempt=lambda *a, **k: None)
sys.path.insert(0, server_dir)
os.chdir(workdir)
import main, uvicorn
uvicorn.run(main.app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
"""


def start_stabletoolbench(
    server_dir: Path, workdir: Path, tools: Path, cache: Path, port: int
) -> subprocess.Popen[bytes]:
    """StableToolBench's ``server/main.py`` on ``port``, configured (by a config.yml written into
    ``workdir``) to read ``cache``; the API key is empty, so a cache miss could never reach a model."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = {"api_key": "", "api_base": "http://127.0.0.1:9/v1", "model": "none", "temperature": 0,
              "toolbench_url": "http://127.0.0.1:9/rapidapi", "tools_folder": str(tools), "cache_folder": str(cache),
              "is_save": False, "port": port, "log_file": os.devnull}  # fmt: skip
    (workdir / "config.yml").write_text(json.dumps(config))  # JSON is YAML
    command = [sys.executable, "-c", _STB_LAUNCHER, str(server_dir.resolve()), str(workdir), str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_until_up(f"http://127.0.0.1:{port}/docs", process, "StableToolBench's server")
    return process


def wait_until_up(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
        if process.poll() is not None:
            break
    process.kill()
    raise SystemExit(f"{what} did not start: " + (process.stderr.read().decode() if process.stderr else ""))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def compare(servers: dict[str, tuple[str, int]], scenario: Scenario, clients: int, total: int, rounds: int) -> None:
    """The servers (name: (url, pid)) on the same requests, interleaved round by round; medians and
    the ratio of the first to the second. Besides requests/s on this (shared, possibly busy)
    machine, each server's own CPU time per request is printed: its capacity per core, which other
    load on the machine does not change."""
    rates: dict[str, list[float]] = {name: [] for name in servers}
    p99s: dict[str, list[float]] = {name: [] for name in servers}
    cpu_us: dict[str, list[float]] = {name: [] for name in servers}
    for url, _ in servers.values():
        asyncio.run(measure(url, scenario, 4, 200))  # warm-up
    for _ in range(rounds):
        for name, (url, pid) in servers.items():
            before = cpu_seconds(pid)
            wall, latencies = asyncio.run(measure(url, scenario, clients, total))
            cpu_us[name].append((cpu_seconds(pid) - before) / len(latencies) * 1e6)
            rates[name].append(len(latencies) / wall)
            p99s[name].append(percentile(latencies, 0.99) * 1000)
    print(f"\ncache hits, {clients} clients, {total} requests x {rounds} rounds (interleaved), medians:")
    print(f"  {'server':<16} {'req/s':>8} {'p99 ms':>8} {'server CPU us/req':>18} {'req/s per core':>15}")
    for name in servers:
        cpu = statistics.median(cpu_us[name])
        print(
            f"  {name:<16} {statistics.median(rates[name]):>8.0f} {statistics.median(p99s[name]):>8.2f} "
            f"{cpu:>18.0f} {1e6 / cpu:>15.0f}"
        )
    first, second = list(servers)
    ratio = statistics.median(rates[first]) / statistics.median(rates[second])
    cpu_ratio = statistics.median(cpu_us[second]) / statistics.median(cpu_us[first])
    print(f"  {first} / {second}: {ratio:.2f}x req/s, {cpu_ratio:.2f}x less server CPU per request (goal >= 2.5x)")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000, help="requests per scenario and client count")
    parser.add_argument("--clients", default="1,32", help="comma-separated client counts")
    parser.add_argument("--catalog", type=Path, default=None, help="catalog folder (default: a temporary one)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (serve-tools --workers)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the comparison")
    parser.add_argument("--stabletoolbench", type=Path, default=STB_SERVER, help="StableToolBench's server folder")
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        catalog = args.catalog.resolve() if args.catalog else write_catalog(Path(tmp))
        cache_dir = Path(tmp) / "cache"
        cases = scenarios(catalog, ResponseCache(cache_dir))
        port = free_port()
        server = start_server(catalog, cache_dir, port, args.workers)
        url = f"http://127.0.0.1:{port}/virtual"
        theirs = None
        try:
            local = cases[1].bodies[0]
            print(f"local code: {local['category']}/{local['tool_name']}/{local['api_name']} {local['tool_input']}")
            print(f"{'scenario':<8} {'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
            for scenario in cases:
                asyncio.run(measure(url, scenario, 4, 200))  # warm-up: imports, connections, file index
                for clients in counts:
                    wall, latencies = asyncio.run(measure(url, scenario, clients, args.requests))
                    print(
                        f"{scenario.name:<8} {clients:>7} {len(latencies):>8} {len(latencies) / wall:>8.0f} "
                        f"{statistics.median(latencies) * 1000:>8.2f} {percentile(latencies, 0.99) * 1000:>8.2f}"
                    )
            if (args.stabletoolbench / "main.py").is_file():
                their_port = free_port()
                theirs = start_stabletoolbench(args.stabletoolbench, Path(tmp) / "stb", catalog, cache_dir, their_port)
                servers = {
                    "harness": (url, server.pid),
                    "stabletoolbench": (f"http://127.0.0.1:{their_port}/virtual", theirs.pid),
                }
                compare(servers, cases[0], max(counts), args.requests, args.rounds)
            else:
                print(f"\n(no StableToolBench server at {args.stabletoolbench}: comparison skipped)")
        finally:
            for process in (server, theirs):
                if process is not None:
                    process.terminate()
                    process.wait(10)
    print(f"(servers and clients share this machine: {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
