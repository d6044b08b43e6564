"""Errors of the retriever that a user can fix; each message names the problem and the fix."""

from __future__ import annotations

import importlib
from types import ModuleType


class RetrieverError(ValueError):
    """A bad method, model, corpus or query source; the message is one line saying what to do."""


def require(module: str) -> ModuleType:
    """Import ``module`` from the ``retriever`` extra, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        raise RetrieverError(
            f"{top} is not installed; the retriever needs the retriever extra: pip install -e '.[retriever]'"
        ) from exc
