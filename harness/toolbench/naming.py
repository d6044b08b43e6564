"""ToolBench's rules for turning tool, API and parameter names into function names.

ToolBench (toolbench/utils.py: ``standardize`` and ``change_name``) maps every name onto
``[a-z0-9_\u4e00-\u9fa5]``, collapses runs of underscores, trims them at both ends, prefixes a
leading digit with ``get_`` and renames a few reserved words with ``is_``. A function is then named
``<api>_for_<tool>`` and only its last 64 characters are kept (OpenAI's limit on function names).
The rules below follow that code character for character, quirks included.
"""

from __future__ import annotations

import re

# ToolBench's character class is ``[^\u4e00-\u9fa5^a-z^A-Z^0-9^_]``: the stray ``^`` inside the class
# means a literal caret is also kept. We keep that quirk so names match ToolBench's byte for byte.
_NOT_ALLOWED = re.compile("[^\u4e00-\u9fa5^a-zA-Z0-9_]")
_UNDERSCORE_RUN = re.compile(r"_{2,}")

RESERVED_WORDS = frozenset({"from", "class", "return", "false", "true", "id", "and"})
MAX_FUNCTION_NAME_LENGTH = 64
FINISH_FUNCTION_NAME = "Finish"


def standardize(name: str) -> str:
    """Standardize a tool, API or parameter name exactly as ToolBench does."""
    cleaned = _UNDERSCORE_RUN.sub("_", _NOT_ALLOWED.sub("_", name)).lower()
    cleaned = cleaned.strip("_")
    if cleaned and cleaned[0].isdigit():
        cleaned = "get_" + cleaned
    return cleaned


def rename_reserved(name: str) -> str:
    """Prefix a reserved word with ``is_`` (ToolBench's ``change_name``)."""
    return "is_" + name if name in RESERVED_WORDS else name


def api_name_part(api_name: str) -> str:
    """The API part of a function name: standardized, then reserved words renamed."""
    return rename_reserved(standardize(api_name))


def parameter_name(name: str) -> str:
    """A parameter's property name in the function schema."""
    return rename_reserved(standardize(name))


def function_name(api_name: str, standard_tool_name: str) -> str:
    """``<api>_for_<tool>`` keeping the last 64 characters, as ToolBench cuts from the front."""
    return f"{api_name_part(api_name)}_for_{standard_tool_name}"[-MAX_FUNCTION_NAME_LENGTH:]


def standard_category(category: str) -> str:
    """A category's folder name in ToolBench's tool and cache layouts (``server.py``): spaces, commas
    and slashes become underscores, then one pass turns each ``__`` into ``_``; case is kept."""
    cleaned = category.replace(" ", "_").replace(",", "_").replace("/", "_")
    return cleaned.replace("__", "_")
