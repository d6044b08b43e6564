"""API keys: read from environment variables only, and scrubbed from everything we write."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

REDACTED = "[redacted]"


def read_key(variable: str) -> str | None:
    """The key held by an environment variable, or None when it is unset or blank."""
    value = os.environ.get(variable, "").strip()
    return value or None


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of every secret replaced."""
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, REDACTED)
    return text


def scrub(value: Any, secrets: Sequence[str]) -> Any:
    """A JSON value with every secret removed from every string in it, keys included."""
    if not secrets:
        return value
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {redact(str(k), secrets): scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v, secrets) for v in value]
    return value
