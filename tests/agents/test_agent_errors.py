"""Bad `--agent` input is one line naming the problem (exit 2), and an agent's output is read by the
protocol's rules."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.agents.launch import CommandAgent, HttpAgent, agent_name_of, load_agent, read_reply
from harness.cli.main import app
from tests.envs.servers import free_port

RUN = ["run", "--tasks", "sandbox/G1_instruction", "--limit", "1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agent", "no-such-program-here --x"], "no program 'no-such-program-here' found"),
        (["--agent", "python 'unclosed"], "is not a command line"),
        (["--agent", "   "], "--agent needs a command or an http:// URL"),
        (["--agent", f"{sys.executable} x.py", "--model", "baseline"], "--agent replaces --model"),
        (["--agent", f"{sys.executable} x.py", "--strategy", "dfsdt"], "--agent replaces --strategy"),
        (["--agent", "http://", "-S", "wall_time_s=1"], "is not an http(s) URL"),
        (["--agent", f"http://127.0.0.1:{free_port()}/solve"], "could not be reached"),
    ],
)
def test_bad_agent_options_are_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [*RUN, *args, "--db", str(tmp_path / "r.duckdb")])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[-1].startswith("error:") and message in " ".join(lines), result.output
    assert not (tmp_path / "r.duckdb").exists()  # nothing was stored


def test_agent_limits_are_checked_before_anything_runs(tmp_path: Path) -> None:
    silent = f"{sys.executable} -c pass"  # answers describe with nothing: named after the program
    for bad, message in (("max_depth=3", "takes no -S max_depth"), ("wall_time_s=-1", "wall_time_s")):
        result = CliRunner().invoke(app, [*RUN, "--agent", silent, "-S", bad, "--db", str(tmp_path / "r.duckdb")])
        assert result.exit_code == 2 and message in result.output, result.output


def test_a_reply_is_the_last_line_and_anything_else_is_named() -> None:
    reply, problem = read_reply('log line\n{"answer": "42", "model": "m"}\n\n')
    assert problem is None and reply is not None and (reply.answer, reply.model) == ("42", "m")
    assert read_reply("") == (None, None)
    assert "not a JSON object" in str(read_reply('{"answer": "42"}\nbye\n')[1])
    assert "not a JSON object" in str(read_reply("[1, 2]")[1])
    assert "does not fit the protocol" in str(read_reply('{"thoughts": "not a list"}')[1])


def test_names_and_kinds() -> None:
    assert agent_name_of(["python", "-u", "agents/my_agent.py", "--fast"]) == "my_agent"
    assert agent_name_of(["/usr/local/bin/agent-cli", "run"]) == "agent-cli"
    assert isinstance(load_agent("https://example.org/solve"), HttpAgent)
    command = load_agent(f"{sys.executable} examples/agents/mcp_agent.py")
    assert isinstance(command, CommandAgent) and command.name == "mcp_agent"
    assert command.target() == {"command": f"{sys.executable} examples/agents/mcp_agent.py"}
