"""What every bundled tool shares: the world's tables, argument checking, paging and error replies.

Tools load this file by path (see the top of any ``api.py``) because ToolBench's runner imports an
``api.py`` on its own, not as part of a package. Only the standard library is used.

Errors are returned, never raised, as ``{"error": ..., "status_code": ...}``: ToolBench's server marks
any reply whose text contains "error" as a message error, so a model sees a failed call, not a crash.
Throttling replies say "Too many requests" and outages say "API not working", which ToolBench maps
to its own status codes for those cases.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
import unicodedata
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

WORLD_DIR = Path(__file__).resolve().parents[1] / "world"
IGNORED_PARAMETERS = frozenset({"toolbench_rapidapi_key"})  # ToolBench's runner adds it to every call

_tables: dict[str, Any] = {}
_indexes: dict[tuple[str, str], dict[Any, dict[str, Any]]] = {}


class ApiError(Exception):
    """An error reply; ``status_code`` is the HTTP code a real API would send."""

    def __init__(self, message: str, status_code: int = 400, **extra: Any) -> None:
        super().__init__(message)
        self.reply = {"error": message, "status_code": status_code, **extra}


def table(name: str) -> Any:
    """A world table (loaded once per process)."""
    if name not in _tables:
        _tables[name] = json.loads((WORLD_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return _tables[name]


def index(name: str, key: str) -> dict[Any, dict[str, Any]]:
    """``table(name)`` keyed by one field."""
    if (name, key) not in _indexes:
        _indexes[(name, key)] = {row[key]: row for row in table(name)}
    return _indexes[(name, key)]


def today() -> date:
    """The world's today: every "current" answer refers to it, so answers never depend on the clock."""
    return date.fromisoformat(table("meta")["today"])


def fold(text: Any) -> str:
    """Case- and accent-insensitive form for name matching."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def contains(haystack: Any, needle: str) -> bool:
    return fold(needle) in fold(haystack)


def get(name: str, key: str, value: Any, what: str, hint: str = "") -> dict[str, Any]:
    """The record whose ``key`` equals ``value``, or a 404 reply naming what to look up first."""
    row = index(name, key).get(value)
    if row is None:
        raise ApiError(f"No {what} found with {key} '{value}'. {hint}".strip(), 404)
    return row


def city(city_id: str) -> dict[str, Any]:
    return index("cities", "id")[city_id]


def city_named(name: str) -> dict[str, Any]:
    """A city by exact (case-insensitive) name; an unknown name gets a reply suggesting close names."""
    wanted = fold(name)
    for row in table("cities"):
        if fold(row["name"]) == wanted:
            return row
    close = [row["name"] for row in table("cities") if wanted[:3] and fold(row["name"]).startswith(wanted[:3])]
    suggestion = f" Did you mean: {', '.join(close[:5])}?" if close else ""
    raise ApiError(f"Unknown city '{name}'.{suggestion}", 404)


def country(code: str) -> dict[str, Any]:
    """A country by ISO code or by name."""
    wanted = fold(code)
    for row in table("countries"):
        if fold(row["code"]) == wanted or fold(row["name"]) == wanted:
            return row
    raise ApiError(f"Unknown country '{code}'. Use a two-letter ISO code such as 'FR' or a full country name.", 404)


def place(city_row: dict[str, Any]) -> dict[str, Any]:
    """The short location block many replies carry."""
    return {"city": city_row["name"], "country": index("countries", "code")[city_row["country_code"]]["name"]}


def require(condition: bool, message: str) -> None:
    if not condition:
        raise ApiError(message)


def non_empty(value: str, name: str) -> str:
    require(bool(str(value).strip()), f"Parameter '{name}' must not be empty.")
    return str(value).strip()


def parse_date(value: str, name: str = "date") -> date:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ApiError(f"Invalid {name} '{value}': use the format YYYY-MM-DD.") from None


def paginate(items: list[Any], page: int, limit: int, key: str = "results", max_limit: int = 50) -> dict[str, Any]:
    """One page of ``items`` with the totals a client needs to ask for the next one."""
    require(page >= 1, f"Invalid page {page}: pages start at 1.")
    require(1 <= limit <= max_limit, f"Invalid limit {limit}: choose between 1 and {max_limit}.")
    start = (page - 1) * limit
    return {
        "total": len(items),
        "page": page,
        "limit": limit,
        "total_pages": max(1, math.ceil(len(items) / limit)),
        key: items[start : start + limit],
    }


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def bucket(*parts: Any, modulo: int) -> int:
    """A stable number in [0, modulo) for some inputs (CRC-32, never Python's salted hash)."""
    return zlib.crc32("|".join(fold(p) for p in parts).encode("utf-8")) % modulo


def too_many_requests(retry_hint: str) -> dict[str, Any]:
    """A throttling reply (ToolBench classifies it as "Too many requests")."""
    return {
        "message": f"Too many requests: you are being rate limited for this input. {retry_hint}",
        "status_code": 429,
    }


def not_working(detail: str) -> dict[str, Any]:
    """An upstream outage reply (ToolBench classifies it as "API not working")."""
    return {
        "message": "Your Client (working) ---> Gateway (working) ---> API (not working)",
        "detail": detail,
        "status_code": 503,
    }


_COERCE: dict[Any, Callable[[Any], Any]] = {}


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    number = float(value)
    if number != int(number):
        raise ValueError
    return int(number)


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise ValueError


_COERCE.update(
    {int: _to_int, "int": _to_int, float: float, "float": float, bool: _to_bool, "bool": _to_bool, str: str, "str": str}
)
_TYPE_WORDS = {_to_int: "a whole number", float: "a number", _to_bool: "true or false", str: "text"}


def api(
    name: str, example: dict[str, Any] | Callable[[], dict[str, Any]] | None = None, method: str = "GET"
) -> Callable[[Callable[..., Any]], Any]:
    """Mark a function as the API ``name``: checks and converts its keyword arguments, and turns
    ``ApiError`` into an error reply. ``example`` gives documented values for the required parameters,
    or a function of the world returning them (so ids in the docs always exist)."""

    def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def call(**kwargs: Any) -> Any:
            arguments: dict[str, Any] = {}
            accepted = ", ".join(signature.parameters) or "none"
            for key, value in kwargs.items():
                if key in IGNORED_PARAMETERS:
                    continue
                if key not in signature.parameters:
                    return ApiError(f"Unknown parameter '{key}'. This endpoint accepts: {accepted}.").reply
                convert = _COERCE.get(signature.parameters[key].annotation, str)
                try:
                    arguments[key] = convert(value)
                except (TypeError, ValueError):
                    return ApiError(f"Invalid value for '{key}': expected {_TYPE_WORDS[convert]}, got {value!r}.").reply
            missing = [
                p.name for p in signature.parameters.values() if p.default is p.empty and p.name not in arguments
            ]
            if missing:
                return ApiError(f"Missing required parameter '{missing[0]}'.").reply
            try:
                return function(**arguments)
            except ApiError as error:
                return error.reply

        call.__api__ = {"name": name, "example": example or {}, "method": method}  # type: ignore[attr-defined]
        return call

    return wrap
