"""An on-disk cache of model responses keyed by the full request."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from harness.models.base import GenerateConfig, ModelOutput
from harness.types.messages import Function, Message
from harness.util.files import write_text_atomic


def request_key(
    identity: dict[str, Any], messages: list[Message], functions: list[Function], config: GenerateConfig
) -> str:
    """SHA-256 of everything that shapes a reply: who answers (adapter, endpoint, model, format),
    the conversation, the functions and every sampling setting, the query included."""
    payload = {
        "identity": identity,
        "messages": [m.model_dump(mode="json") for m in messages],
        "functions": [f.model_dump(mode="json") for f in functions],
        "config": config.model_dump(mode="json"),
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class ResponseCache:
    """One JSON file per request under ``directory/<2 hex>/<key>.json``.

    Files are written atomically, so concurrent runs sharing a cache never read half a reply; a file
    that cannot be read counts as a miss and is overwritten by the next reply.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> ModelOutput | None:
        """The stored reply, or None."""
        path = self._path(key)
        try:
            return ModelOutput.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, ValidationError):
            return None

    def put(self, key: str, output: ModelOutput) -> None:
        """Store ``output`` (as it was produced, not flagged as cached)."""
        stored = output.model_copy(update={"cached": False})
        write_text_atomic(self._path(key), stored.model_dump_json())
