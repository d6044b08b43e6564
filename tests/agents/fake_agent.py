"""A command agent for tests (standard library only, so it starts fast). For each episode it does
what ``$FAKE_AGENT_PLAN`` (JSON: query id or "*" -> behaviour) says, and logs what it was given to
``$FAKE_AGENT_LOG`` (one JSON line per episode):

- ``reply``: print a reply with an answer, a thought and a model, without calling any tool
- ``silent``: print nothing and exit 0
- ``crash``: write "boom" to stderr and exit 3
- ``hang``: sleep far past any wall-clock limit
- ``garbage``: print a line that is not JSON
- ``flood``: print 3 MB of junk
- ``block``: write its pid to ``$FAKE_AGENT_GATE.waiting``, wait for ``$FAKE_AGENT_GATE`` to exist, then reply
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main() -> None:
    request = json.loads(sys.stdin.readline())
    if request.get("describe"):
        print(json.dumps({"name": "fake", "version": "0.3", "model": "fake-model"}))
        return
    log = os.environ.get("FAKE_AGENT_LOG")
    if log:
        seen = {"request": request, "env": {k: v for k, v in os.environ.items() if k.startswith("HARNESS_")}}
        with open(log, "a") as out:
            out.write(json.dumps(seen) + "\n")
    plan = json.loads(os.environ.get("FAKE_AGENT_PLAN", "{}"))
    behaviour = plan.get(request["query_id"], plan.get("*", "reply"))
    reply = {"answer": f"the answer to {request['query_id']}", "thoughts": ["thinking"], "model": "fake-model-2"}
    if behaviour == "crash":
        print("boom", file=sys.stderr)
        sys.exit(3)
    elif behaviour == "hang":
        time.sleep(600)
    elif behaviour == "garbage":
        print("\x00\x01 this is not a reply")
    elif behaviour == "flood":
        sys.stdout.write("#" * 3_000_000 + "\n")
    elif behaviour == "block":
        gate = Path(os.environ["FAKE_AGENT_GATE"])
        staged = Path(str(gate) + ".staged")
        staged.write_text(str(os.getpid()))
        staged.replace(str(gate) + ".waiting")  # whoever sees the file can read the pid
        deadline = time.monotonic() + 120
        while not gate.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        print(json.dumps(reply))
    elif behaviour == "reply":
        print(json.dumps(reply))


if __name__ == "__main__":
    main()
