"""`harness run` at the model-latency limit: the speed-up of --concurrency K over 1 with a 100 ms model,
and the harness's own CPU per model step.

Run: .venv/bin/python bench/bench_runner_latency.py [--queries 128] [--concurrency 64] [--latency 0.1]
     [--rounds 3] [--steps-queries 200] [--loops asyncio,uvloop] [--ray-replicas 2]
Prints:
  1. a stand-in OpenAI-protocol server (its own process, asyncio, keep-alive) that answers every
     Chat Completions request in exactly ``--latency`` seconds: a call of the first offered tool, then
     Finish with an answer once a tool result is in the conversation (two model steps per episode).
     The first ``--queries`` queries of sandbox/G1_instruction run through the real openai adapter,
     the ReAct strategy, the bundled catalog's local tools and a fresh DuckDB file: at concurrency 1
     (the default event loop), and at K once on each of ``--loops`` and once over ``--ray-replicas``
     Ray replica actors on a local cluster (0: no Ray row), interleaved over ``--rounds`` rounds.
     For each K row: medians, the speed-up (goal: >= 0.9 K), the most requests the stand-in saw in
     flight at once, the harness's CPU per model step (the event loop's and the writer's share), and
     the CPU per step of every process involved (the stand-in's and the replicas' from /proc) beside
     the budget the goal leaves: cores x (concurrency 1's time / 0.9 K) / steps;
  2. harness CPU per model step on each loop: ``--steps-queries`` queries (at most 200) with a
     zero-latency scripted model giving the same two steps, the process's CPU time (all its threads:
     tools, DuckDB) per model step, storage included; measured as the extra CPU of that run over one
     of half as many queries per extra step, so that a run's one-off costs are left out (goal: < 1000 us).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from harness.envs.factory import build_env, env_config_for_task
from harness.models.base import GenerateConfig
from harness.models.registry import load_model
from harness.models.scripted import Reply, ScriptedModel
from harness.runner import executors as executors_module
from harness.runner.execute import Totals
from harness.runner.plan import RunPlan, RunRequest, TaskQueries, plan_run
from harness.runner.run import execute_plan
from harness.store.writer import StoreWriter
from harness.types.messages import Function, Message, ToolCall
from harness.util import event_loop

TASK = "sandbox/G1_instruction"
FINISH_ARGS = json.dumps({"return_type": "give_answer", "final_answer": "done"})


# -- the stand-in model server (run with --serve PORT LATENCY in its own process) ------------------


def completion(body: dict[str, Any]) -> dict[str, Any]:
    """A tool call of the first offered tool, or Finish once a tool has answered."""
    messages = body.get("messages") or []
    tools = body.get("tools") or []
    answered = any(m.get("role") == "tool" for m in messages)
    names = [t["function"]["name"] for t in tools if t["function"]["name"] != "Finish"]
    if answered or not names:
        name, arguments = "Finish", FINISH_ARGS
    else:
        name, arguments = names[0], "{}"
    call = {"id": "call_1", "type": "function", "function": {"name": name, "arguments": arguments}}
    return {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "stand-in"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": None, "tool_calls": [call]},
                "finish_reason": "tool_calls",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


class StandIn:
    """Answers each request ``latency`` seconds after it arrived; counts requests in flight."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.in_flight = 0
        self.peak = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                arrived = time.perf_counter()
                request_line, *lines = head.decode("latin-1").split("\r\n")
                length = 0
                for line in lines:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                raw = await reader.readexactly(length) if length else b""
                if request_line.startswith("GET"):
                    payload = json.dumps({"peak_in_flight": self.peak}).encode()
                    if "/reset" in request_line:
                        self.peak = 0
                else:
                    self.in_flight += 1
                    self.peak = max(self.peak, self.in_flight)
                    try:
                        payload = json.dumps(completion(json.loads(raw))).encode()
                        await asyncio.sleep(max(0.0, self.latency - (time.perf_counter() - arrived)))
                    finally:
                        self.in_flight -= 1
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    + f"content-length: {len(payload)}\r\n\r\n".encode()
                    + payload
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def serve(self, port: int) -> None:
        server = await asyncio.start_server(self.handle, "127.0.0.1", port, backlog=1024)
        async with server:
            await server.serve_forever()


def start_stand_in(latency: float) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    process = subprocess.Popen([sys.executable, __file__, "--serve", str(port), "--latency", str(latency)])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/peak")
            return process, f"{base}/v1"
        except httpx.HTTPError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("the stand-in server did not start")


# -- the measured runs -----------------------------------------------------------------------------

# (wall s, CPU s) of each run's episode phase: solving and storing, without opening the file and
# checking it, which every run pays once whatever its concurrency.
PHASES: list[tuple[float, float]] = []
# (event loop's thread, writer's thread) CPU s of each run's episode phase; the rest of the process's
# CPU is the other threads' (tools run in threads).
SHARES: list[tuple[float, float]] = []
STEPS: list[int] = []  # model steps of each timed run
_run_episodes = executors_module.run_episodes
_add_finished = StoreWriter.add_finished
_writer_cpu = [0.0]


def _timed_add_finished(self: StoreWriter, *args: Any, **kwargs: Any) -> Any:
    began = time.thread_time()
    try:
        return _add_finished(self, *args, **kwargs)
    finally:
        _writer_cpu[0] += time.thread_time() - began


async def _timed_episodes(*args: Any, **kwargs: Any) -> Any:
    wall, cpu, loop_cpu, _writer_cpu[0] = time.perf_counter(), time.process_time(), time.thread_time(), 0.0
    try:
        return await _run_episodes(*args, **kwargs)
    finally:
        PHASES.append((time.perf_counter() - wall, time.process_time() - cpu))
        SHARES.append((time.thread_time() - loop_cpu, _writer_cpu[0]))


executors_module.run_episodes = _timed_episodes  # type: ignore[assignment]
StoreWriter.add_finished = _timed_add_finished  # type: ignore[method-assign]


def process_cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes ``pids`` have used so far, from /proc (Linux); 0.0
    where it cannot be read. Resolution: one clock tick (10 ms)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def plan_for(queries: int, name: str) -> RunPlan:
    return plan_run(RunRequest(model="openai:stand-in", strategy="react", tasks=[TASK], limit=queries, name=name))


def empty_store(folder: Path) -> Path:
    """A migrated, empty results file to copy for each run, so every run starts from the same file."""
    template = folder / "template.duckdb"
    StoreWriter(template).close()
    return template


def timed_run(
    template: Path,
    folder: Path,
    base_url: str,
    queries: int,
    concurrency: int,
    tag: str,
    loop: str = "auto",
    executor: Any = None,
) -> tuple[float, float]:
    """(whole run's wall seconds, its episode phase's wall seconds)."""
    db = folder / f"{tag}.duckdb"
    shutil.copy(template, db)
    plan = plan_for(queries, tag)
    model = load_model("openai:stand-in", model_args(base_url), concurrency=concurrency)
    envs: dict[str, Any] = {}

    def make_env(task: TaskQueries) -> Any:
        envs.setdefault(task.task.name, build_env(env_config_for_task(task.task, {})))
        return envs[task.task.name]

    totals = Totals()

    async def go() -> None:
        try:
            await execute_plan(
                plan, model, make_env, db, totals, concurrency=concurrency, show_progress=False, executor=executor
            )
        finally:
            await model.aclose()  # type: ignore[attr-defined]

    began = time.perf_counter()
    event_loop.run(go(), loop)
    wall = time.perf_counter() - began
    if totals.answered != queries or totals.errors:
        raise SystemExit(
            f"concurrency {concurrency}: {totals.answered}/{queries} answered, last error {totals.last_error}"
        )
    STEPS.append(totals.llm_calls)
    return wall, PHASES[-1][0]


def model_args(base_url: str) -> dict[str, str]:
    return {"base_url": base_url, "api_key": "sk-bench-0000", "timeout": "30"}


def ray_executor(base_url: str, queries: int, concurrency: int, replicas: int) -> Any:
    """The ray executor with ``replicas`` replica actors on a local cluster, started (not timed)."""
    import ray

    from harness.runner.executors import ExecutorOptions, build_executor
    from harness.runner.workload import build_task_env, remote_workload

    ray.init(num_cpus=replicas, include_dashboard=False, logging_level="WARNING")
    plan = plan_for(queries, "ray-recipe")
    _, workload = remote_workload(
        "openai:stand-in", model_args(base_url), plan, partial(build_task_env, {}), concurrency
    )
    from harness.runner import ray_executor as ray_module

    ray_module.run_episodes = _timed_episodes  # type: ignore[assignment]  # timed like the local executor's
    executor = build_executor(ExecutorOptions(name="ray", replicas=replicas), workload)
    event_loop.run(executor._start())  # type: ignore[attr-defined]
    return executor


def responder(messages: list[Message], functions: list[Function], config: GenerateConfig) -> Reply:
    """The stand-in's two steps, without a network."""
    if messages[-1].role == "tool":
        return ToolCall(name="Finish", arguments=FINISH_ARGS)
    names = [f.name for f in functions if f.name != "Finish"]
    return ToolCall(name=names[0], arguments="{}") if names else ToolCall(name="Finish", arguments=FINISH_ARGS)


def logged_bodies(db: Path) -> list[dict[str, Any]]:
    """The request bodies a run sent, from its request log."""
    import duckdb

    from harness.store.episodes import unpack

    with duckdb.connect(str(db), read_only=True) as conn:
        blobs = conn.execute("SELECT request FROM llm_calls ORDER BY query_id, call_index").fetchall()
    return [unpack(blob)["body"] for (blob,) in blobs]


def sdk_alone(base_url: str, bodies: list[dict[str, Any]], concurrency: int, loop: str) -> tuple[float, float]:
    """(wall seconds, µs of the event loop's CPU per request) of sending ``bodies`` through the
    adapter's SDK client alone, ``concurrency`` at a time: what one event loop pays per model step
    before the harness does anything."""
    model = load_model("openai:stand-in", model_args(base_url), concurrency=concurrency)
    client = model.adapter.client  # type: ignore[attr-defined]

    async def go() -> tuple[float, float]:
        slots = asyncio.Semaphore(concurrency)

        async def one(body: dict[str, Any]) -> None:
            async with slots:
                await client.post("/chat/completions", body)

        try:
            await asyncio.gather(*(one(body) for body in bodies[:concurrency]))  # the pool's connections open
            wall, cpu = time.perf_counter(), time.thread_time()
            await asyncio.gather(*(one(body) for body in bodies))
            return time.perf_counter() - wall, (time.thread_time() - cpu) / len(bodies) * 1e6
        finally:
            await client.aclose()

    return event_loop.run(go(), loop)


def cpu_per_step(template: Path, folder: Path, queries: int, concurrency: int, loop: str) -> tuple[float, int, float]:
    """(µs of this process's CPU per model step, steps, wall seconds) with a zero-latency model: the
    extra CPU of a run of ``queries`` over one of half as many, per extra step, so that what every run
    pays once (opening the file, the last checkpoint) is left out."""
    half = _cpu_run(template, folder, queries // 2, concurrency, "half", loop)
    full = _cpu_run(template, folder, queries, concurrency, "full", loop)
    return (full[0] - half[0]) / (full[1] - half[1]) * 1e6, full[1], full[2]


def _cpu_run(
    template: Path, folder: Path, queries: int, concurrency: int, tag: str, loop: str
) -> tuple[float, int, float]:
    db = folder / f"steps-{tag}.duckdb"
    shutil.copy(template, db)
    plan = plan_run(RunRequest(model="scripted", strategy="react", tasks=[TASK], limit=queries, name=f"steps-{tag}"))
    model = ScriptedModel(responder=responder)
    env = build_env(env_config_for_task(plan.tasks[0].task, {}))
    totals = Totals()
    run = execute_plan(plan, model, lambda _: env, db, totals, concurrency=concurrency, show_progress=False)
    event_loop.run(run, loop)
    wall, cpu = PHASES[-1]
    return cpu, totals.llm_calls, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=128)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps-queries", type=int, default=200)
    parser.add_argument("--loops", default="asyncio,uvloop", help="event loops to compare at concurrency K")
    parser.add_argument("--ray-replicas", type=int, default=2, help="a row over N Ray replicas (0: none)")
    parser.add_argument("--serve", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        asyncio.run(StandIn(args.latency).serve(args.serve))
        return
    k = args.concurrency
    loops = [name.strip() for name in args.loops.split(",") if name.strip()]
    for name in loops:
        try:
            event_loop.loop_factory(name)  # an unknown or missing loop fails before anything runs
        except ValueError as exc:
            raise SystemExit(f"--loops {name}: {exc}") from None
    default_loop = "uvloop" if event_loop.loop_factory() is not None else "asyncio"
    rows = [f"{name} loop" for name in loops]
    if args.ray_replicas:
        rows.append(f"{args.ray_replicas} Ray replicas")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = empty_store(folder)
        server, base_url = start_stand_in(args.latency)
        executor = None
        try:
            if args.ray_replicas:
                executor = ray_executor(base_url, args.queries, k, args.ray_replicas)
            for name in loops:
                timed_run(template, folder, base_url, 8, 8, f"warm-up-{name}", name)
            if executor is not None:  # the replicas import the SDK and open their pools on their first episodes
                timed_run(template, folder, base_url, 8, 8, "warm-up-ray", executor=executor)
            walls: dict[str, list[float]] = {"1": [], **{row: [] for row in rows}}
            phases: dict[str, list[float]] = {"1": [], **{row: [] for row in rows}}
            peaks: dict[str, list[int]] = {row: [] for row in rows}
            cpu_us: dict[str, list[float]] = {row: [] for row in rows}
            shares: dict[str, list[tuple[float, float]]] = {row: [] for row in rows}
            # CPU per step of the stand-in (and of the Ray replicas, for that row) over the whole run.
            other_us: dict[str, list[float]] = {"1": [], **{row: [] for row in rows}}
            replica_pids = [int(w.rsplit(":", 1)[1]) for w in executor.where] if executor is not None else []
            for index in range(args.rounds):
                runs = [("1", 1, "auto", None)] + [(f"{name} loop", k, name, None) for name in loops]
                if executor is not None:
                    runs.append((rows[-1], k, "auto", executor))
                for row, concurrency, loop, runner in runs:
                    httpx.get(base_url.removesuffix("/v1") + "/reset")
                    tag = f"c{concurrency}-{loop}-{runner is not None}-r{index}"
                    others = [server.pid] if runner is None else [server.pid, *replica_pids]
                    before = process_cpu(others)
                    whole, phase = timed_run(template, folder, base_url, args.queries, concurrency, tag, loop, runner)
                    other_us[row].append((process_cpu(others) - before) / STEPS[-1] * 1e6)
                    walls[row].append(whole)
                    phases[row].append(phase)
                    if row != "1":
                        cpu_us[row].append(PHASES[-1][1] / STEPS[-1] * 1e6)
                        shares[row].append((SHARES[-1][0] / STEPS[-1] * 1e6, SHARES[-1][1] / STEPS[-1] * 1e6))
                        peaks[row].append(
                            int(httpx.get(base_url.removesuffix("/v1") + "/peak").json()["peak_in_flight"])
                        )
            # The SDK's floor: the same bodies through the SDK client alone, on each loop.
            bodies = logged_bodies(folder / f"c{k}-{loops[-1]}-False-r0.duckdb") if loops else []
            sdk_rows: dict[str, list[tuple[float, float]]] = {name: [] for name in loops}
            for _ in range(args.rounds):
                for name in loops:
                    sdk_rows[name].append(sdk_alone(base_url, bodies, k, name))
        finally:
            if executor is not None:
                event_loop.run(executor.aclose())
            server.terminate()
            server.wait(10)
        one, whole_one = statistics.median(phases["1"]), statistics.median(walls["1"])
        ideal = args.queries * 2 * args.latency
        print(f"stand-in OpenAI server, {args.latency * 1000:.0f} ms per reply; {args.queries} queries of {TASK},")
        print(f"react (2 model steps each), {args.rounds} rounds interleaved, medians (episodes / whole run):")
        print(
            f"  concurrency 1 ({default_loop} loop): {one:7.2f} s / {whole_one:7.2f} s   "
            f"(the model alone: {ideal:.2f} s)"
        )
        for row in rows:
            many, whole_many = statistics.median(phases[row]), statistics.median(walls[row])
            loop_us = statistics.median(share[0] for share in shares[row])
            writer_us = statistics.median(share[1] for share in shares[row])
            print(
                f"  concurrency {k}, {row}: {many:7.2f} s / {whole_many:7.2f} s   (the model alone: {ideal / k:.2f} s)"
            )
            print(f"    most requests in flight at the stand-in: {max(peaks[row])}")
            where = "the driver's" if "Ray" in row else "harness"
            print(
                f"    {where} CPU per model step, HTTP client included: {statistics.median(cpu_us[row]):.0f} us", end=""
            )
            print(f"; of which the event loop {loop_us:.0f} us, the writer (DuckDB, request log) {writer_us:.0f} us")
            print(f"    speed-up over concurrency 1, episodes: {one / many:.1f}x; whole run: ", end="")
            print(f"{whole_one / whole_many:.1f}x (goal >= {0.9 * k:.1f}x = 0.9 x {k})")
            # The goal leaves the episodes one / (0.9 K) seconds; all processes share the machine's cores.
            budget_us = (os.cpu_count() or 1) * one / (0.9 * k) / (2 * args.queries) * 1e6
            harness_us = statistics.median(cpu_us[row])
            other = statistics.median(other_us[row])
            whose = "the stand-in and the replicas" if "Ray" in row else "the stand-in"
            print(
                f"    CPU per model step, all processes: {harness_us + other:.0f} us ({whose}: {other:.0f} us); "
                f"the goal's budget on {os.cpu_count()} cores: {budget_us:.0f} us"
            )
        if sdk_rows:
            print(f"the SDK client alone (no harness), the same {len(bodies)} request bodies at concurrency {k}:")
        for name, values in sdk_rows.items():
            wall = statistics.median(v[0] for v in values)
            print(
                f"  {name} loop: {wall:.2f} s ({one / wall:.1f}x concurrency 1's episodes); "
                f"the event loop's CPU per request {statistics.median(v[1] for v in values):.0f} us"
            )
        readings: dict[str, list[float]] = {name: [] for name in loops}
        for _ in range(args.rounds):
            for name in loops:
                per_step, steps, _ = cpu_per_step(template, folder, args.steps_queries, 8, name)
                readings[name].append(per_step)
        for name in loops:
            print(
                f"zero-latency scripted model, {name} loop, {args.steps_queries} queries at concurrency 8 "
                f"({steps} model steps), {args.rounds} readings: harness CPU per model step "
                f"{statistics.median(readings[name]):.0f} us "
                f"(readings {', '.join(f'{r:.0f}' for r in readings[name])}; goal < 1000 us)"
            )


if __name__ == "__main__":
    main()
