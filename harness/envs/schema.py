"""The ``schema`` backend: deterministic answers shaped by an API's ``template_response``.

For catalogs without code (the real StableToolBench queries document each API's response shape but
ship no implementation). ToolBench writes the shape with type names as leaves (``"str"``, ``"int"``,
``"float"``, ``"bool"``, ``"NoneType"``, ``"empty list"``, ``"list of str with length 3"``), lists of
one example object carrying ``"_list_length"``, and sometimes the whole shape as a JSON string.

Every value comes from a random generator seeded with a SHA-256 of the API and its arguments
(sorted), so the same call gives the same JSON in every process and on every machine, and other
arguments give other values. Arguments also show through: a field named like an argument carries
its value, and name-like fields echo the call's main text argument.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from typing import Any

from harness.envs.backend import ApiRequest
from harness.envs.cache import canonical_key
from harness.envs.result import ApiResult
from harness.envs.status import PARAMETER_ERROR
from harness.toolbench.naming import api_name_part, parameter_name, standard_category, standardize
from harness.types.docs import ApiDoc

MAX_LIST_LENGTH = 5
_LIST_OF = re.compile(r"^list of (\w+) with length (\d+)$")
_WORDS = (
    "amber", "atlas", "harbor", "summit", "meadow", "cobalt", "falcon", "willow", "ember", "quartz",
    "river", "canyon", "aurora", "beacon", "cedar", "delta", "orbit", "prairie", "lotus", "nova",
)  # fmt: skip
_CITIES = ("Lisbon", "Osaka", "Nairobi", "Lima", "Oslo", "Hanoi", "Quebec", "Tbilisi", "Perth", "Bergen")
_COUNTRIES = ("Portugal", "Japan", "Kenya", "Peru", "Norway", "Vietnam", "Canada", "Georgia", "Australia")
_CURRENCIES = ("USD", "EUR", "JPY", "GBP", "CHF", "CAD", "AUD")


def seed_for(api: ApiDoc, arguments: dict[str, Any]) -> int:
    """The generator seed of one call: the same in every process (no ``hash()``)."""
    # Standardized names, so that a query's doc and the catalog's doc of one API agree.
    names = (standard_category(api.category_name), standardize(api.tool_name), api_name_part(api.api_name))
    text = "\x1f".join((*names, canonical_key(arguments)))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _template(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _length(value: Any) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 1


class _Generator:
    def __init__(self, seed: int, arguments: dict[str, Any]) -> None:
        self.rng = random.Random(seed)
        self.by_name = {standardize(k): v for k, v in arguments.items()}
        texts = [v for v in arguments.values() if isinstance(v, str) and v.strip()]
        self.subject = texts[0] if texts else None

    def value(self, template: Any, key: str) -> Any:
        echoed = self.by_name.get(standardize(key)) if key else None
        if echoed is not None and not isinstance(template, dict | list):
            return echoed
        if isinstance(template, dict):
            return {k: self.value(v, k) for k, v in template.items() if k != "_list_length"}
        if isinstance(template, list):
            return self.list_value(template, key)
        if isinstance(template, str):
            return self.leaf(template, key)
        return template  # a literal number, bool or null in the template stands for itself

    def list_value(self, template: list[Any], key: str) -> list[Any]:
        if not template:
            return []
        first = template[0]
        if isinstance(first, dict) and "_list_length" in first:
            count = min(_length(first.get("_list_length")), MAX_LIST_LENGTH)
            return [self.value(first, key) for _ in range(count)]
        if len(template) == 1 and isinstance(first, str) and _LIST_OF.match(first):
            return self.leaf(first, key)  # type: ignore[no-any-return]
        return [self.value(item, key) for item in template]

    def leaf(self, kind: str, key: str) -> Any:
        listed = _LIST_OF.match(kind)
        if listed:
            count = min(int(listed.group(2)), MAX_LIST_LENGTH)
            return [self.leaf(listed.group(1), key) for _ in range(count)]
        if kind == "str":
            return self.text(key.lower())
        if kind == "int":
            return self.integer(key.lower())
        if kind == "float":
            return self.real(key.lower())
        if kind == "bool":
            return self.rng.random() < 0.5
        if kind == "NoneType":
            return None
        if kind == "empty list":
            return []
        return kind  # a literal string in the template

    def word(self) -> str:
        return self.rng.choice(_WORDS)

    def text(self, key: str) -> str:
        rng = self.rng
        if any(part in key for part in ("url", "link", "website", "href", "image", "logo", "thumbnail")):
            return f"https://example.com/{self.word()}/{rng.randrange(10**6)}"
        if "email" in key:
            return f"{self.word()}.{self.word()}@example.com"
        if "date" in key or key.endswith(("_at", "time", "created", "updated")):
            return f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if key == "id" or key.endswith(("id", "_key", "uuid", "slug", "code", "hash")):
            return f"{rng.getrandbits(48):012x}"
        if "city" in key:
            return rng.choice(_CITIES)
        if "country" in key:
            return rng.choice(_COUNTRIES)
        if "currency" in key:
            return rng.choice(_CURRENCIES)
        if self.subject is not None and any(part in key for part in ("name", "title", "query", "keyword", "term")):
            return f"{self.subject} {self.word()}".strip()
        return " ".join(self.word() for _ in range(rng.randint(2, 4))).capitalize()

    def integer(self, key: str) -> int:
        rng = self.rng
        if "year" in key:
            return rng.randint(1990, 2025)
        if key in {"page", "page_number", "offset"}:
            return 1 if key != "offset" else 0
        if any(part in key for part in ("count", "total", "num", "size", "limit")):
            return rng.randint(0, 500)
        return rng.randint(1, 10_000)

    def real(self, key: str) -> float:
        rng = self.rng
        if key.startswith("lat"):
            return round(rng.uniform(-90, 90), 6)
        if key.startswith(("lon", "lng")):
            return round(rng.uniform(-180, 180), 6)
        if "rating" in key or "score" in key:
            return round(rng.uniform(0, 5), 1)
        return round(rng.uniform(0, 1000), 2)


def simulate(api: ApiDoc, arguments: dict[str, Any]) -> Any:
    """The response body of one call: the documented shape, or a small echo without a template."""
    generator = _Generator(seed_for(api, arguments), arguments)
    template = _template(api.template_response)
    if template is None or template == {} or template == "":
        return {"api": api.api_name, "arguments": arguments, "result": generator.text("result")}
    return generator.value(template, "")


def check_arguments(api: ApiDoc, arguments: dict[str, Any]) -> str | None:
    """What is wrong with the arguments against the doc (missing required, unknown names), or None."""
    documented = [*api.required_parameters, *api.optional_parameters]
    known = {p.name for p in documented} | {parameter_name(p.name) for p in documented}
    unknown = sorted(k for k in arguments if k not in known)
    if unknown:
        return f"unexpected parameter(s) {', '.join(unknown)}"
    missing = [
        p.name for p in api.required_parameters if p.name not in arguments and parameter_name(p.name) not in arguments
    ]
    if missing:
        return f"missing required parameter(s) {', '.join(missing)}"
    return None


class SchemaBackend:
    """Answers every documented API from its template; wrong arguments get a parameter error."""

    name = "schema"

    async def execute(self, request: ApiRequest) -> ApiResult:
        problem = check_arguments(request.api, request.arguments)
        if problem is not None:
            return ApiResult.of(PARAMETER_ERROR, f"{request.function}(): {problem}", self.name)
        return ApiResult.of("", simulate(request.api, request.arguments), self.name)

    def secrets(self) -> list[str]:
        return []

    async def aclose(self) -> None:
        return None
