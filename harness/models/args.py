"""Reading ``-M key=value`` model arguments: typed, with one-line errors, and no key left unread."""

from __future__ import annotations

from collections.abc import Iterable

from harness.models.base import ModelError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def parse_model_args(pairs: Iterable[str]) -> dict[str, str]:
    """``["k=v", ...]`` (the CLI's repeated ``-M``) as a dict; a pair without ``=`` is an error."""
    args: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ModelError(f"model argument {pair!r} is not key=value (e.g. -M base_url=http://127.0.0.1:8000/v1)")
        args[key.strip()] = value
    return args


class ArgReader:
    """Typed access to one model's arguments. ``finish()`` rejects keys nobody asked for, so a typo
    such as ``-M temprature=0`` fails loudly instead of being ignored."""

    def __init__(self, model: str, args: dict[str, str], run_concurrency: int | None = None) -> None:
        self.model = model
        # Episodes the run keeps in flight (``harness run --concurrency``); None outside a run. The
        # wrapper's in-flight bound and a provider's connection pool are sized from it.
        self.run_concurrency = run_concurrency
        self._args = dict(args)
        self._read: set[str] = set()

    def has(self, key: str) -> bool:
        """Whether ``key`` was given (marks it as known)."""
        self._read.add(key)
        return key in self._args

    def text(self, key: str, default: str | None = None) -> str | None:
        """The raw value, or ``default``."""
        self._read.add(key)
        return self._args.get(key, default)

    def integer(self, key: str, default: int, minimum: int | None = None) -> int:
        """An integer value, or ``default``."""
        value = self._convert(key, int, "an integer", minimum)
        return default if value is None else int(value)

    def number(self, key: str, default: float, minimum: float | None = None) -> float:
        """A number, or ``default``."""
        value = self.optional_number(key, minimum)
        return default if value is None else value

    def optional_number(self, key: str, minimum: float | None = None) -> float | None:
        """A number, or None when not given."""
        value = self._convert(key, float, "a number", minimum)
        return None if value is None else float(value)

    def _convert(self, key: str, kind: type[int] | type[float], what: str, minimum: float | None) -> int | float | None:
        raw = self.text(key)
        if raw is None:
            return None
        try:
            value = kind(raw)
        except ValueError:
            raise ModelError(f"model {self.model}: -M {key}={raw!r} must be {what}") from None
        if minimum is not None and value < minimum:
            raise ModelError(f"model {self.model}: -M {key}={value:g} must be at least {minimum:g}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        """A yes/no value (true/false, 1/0, yes/no, on/off)."""
        raw = self.text(key)
        if raw is None:
            return default
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise ModelError(f"model {self.model}: -M {key}={raw!r} must be true or false")

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        """One of ``choices``."""
        raw = self.text(key, default) or default
        if raw not in choices:
            raise ModelError(f"model {self.model}: -M {key}={raw!r} must be one of {', '.join(choices)}")
        return raw

    def finish(self) -> None:
        """Fail on any argument that was given but never read."""
        unknown = sorted(set(self._args) - self._read)
        if unknown:
            known = ", ".join(sorted(self._read)) or "none"
            raise ModelError(f"model {self.model} does not take -M {unknown[0]} (it takes: {known})")
