"""Masking credentials in text before it is shown or stored."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Credentials that look like keys are hidden even when they are not the configured one (a server
# may echo a key from a header or a config file).
KEY_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_\-]{6,}|sk-ant-[A-Za-z0-9_\-]{6,})")


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret and anything shaped like an API key replaced by ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    # The pattern scans slowly over long text; most text (a whole request) holds no "sk-" at all.
    return KEY_PATTERN.sub("***", text) if "sk-" in text else text
