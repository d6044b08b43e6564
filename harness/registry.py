"""One registry mechanism for every kind of component: models, strategies, judges, tool backends,
retrievers (and whatever kinds come later: agents, executors).

Each kind has one :class:`Registry`. Entries are added by decorator (``@MODELS.register("name")``) or
lazily by import path (``MODELS.add("name", "harness.models.hosted:build_openai")``), so listing or
resolving a name imports no vendor SDK and no torch; the target is imported only when a component is
built. A name ending in a separator (``openai:``, ``cot@``) is a *family*: it takes any name that
starts with it, and the builder receives the rest.

Plugins: an installed distribution declares entry points in the kind's group
(``toolharness.models``, ``toolharness.strategies``, ``toolharness.judges``, ``toolharness.backends``,
``toolharness.retrievers``, ``toolharness.executors``). The entry point's name is the component's
name and its object is the builder, called exactly as a built-in builder of that kind is (each
kind's module documents the signature); a module whose import registers components with the
decorator works too. Plugins are read the first time a name is not found among the built-in
entries, or when a kind is listed, so start-up pays nothing for them.

Every component the registries build carries a :class:`Provenance` (kind, name, arguments) that
:func:`provenance` reads back; the RunSpec records the same name and arguments for the model and the
strategy (``harness.runner.plan``).
"""

from __future__ import annotations

import contextlib
import difflib
import importlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from harness.util.errors import one_line

log = logging.getLogger(__name__)

FAMILY_SEPARATORS = (":", "@")


class UnknownComponent(ValueError):
    """A name no entry of the kind matches; the message suggests the closest names."""


class PluginError(RuntimeError):
    """A plugin's entry point could not be loaded or registered; the message names the plugin."""


@dataclass(frozen=True)
class Entry:
    """One registered component: its name, what it is, and how to build it.

    ``target`` is the builder or ``"module:attribute"`` naming it; ``info`` holds what the kind
    itself documents about an entry (a model's adapter and what it needs, a judge's procedure).
    """

    kind: str
    name: str
    target: str | Callable[..., Any]
    description: str = ""
    source: str = "built-in"
    info: Mapping[str, Any] = field(default_factory=dict)

    @property
    def family(self) -> bool:
        """True for a name prefix (``openai:``) rather than one name."""
        return self.name.endswith(FAMILY_SEPARATORS)

    def load(self) -> Callable[..., Any]:
        """The builder, importing its module the first time."""
        if not isinstance(self.target, str):
            return self.target
        module_name, _, attribute = self.target.partition(":")
        module = importlib.import_module(module_name)
        builder: Callable[..., Any] = getattr(module, attribute)
        return builder


@dataclass(frozen=True)
class Provenance:
    """How a component was built: the registry kind, the name asked for, and its arguments."""

    kind: str
    name: str
    args: Mapping[str, Any]


_PROVENANCE: WeakKeyDictionary[Any, Provenance] = WeakKeyDictionary()


def record(component: Any, kind: str, name: str, args: Mapping[str, Any]) -> None:
    """Remember how ``component`` was built (objects that cannot be weakly referenced keep it as an
    attribute)."""
    info = Provenance(kind, name, dict(args))
    try:
        _PROVENANCE[component] = info
    except TypeError:
        with contextlib.suppress(AttributeError, TypeError):  # a str or an int keeps no record
            component.__toolharness_provenance__ = info


def provenance(component: Any) -> Provenance | None:
    """How ``component`` was built, when a registry built it."""
    try:
        found = _PROVENANCE.get(component)
    except TypeError:
        found = None
    return found or getattr(component, "__toolharness_provenance__", None)


class Registry:
    """The entries of one kind of component, built-in and from plugins."""

    def __init__(self, kind: str, plural: str) -> None:
        self.kind = kind
        self.plural = plural
        self.group = f"toolharness.{plural}"
        self._entries: dict[str, Entry] = {}
        self._plugins_loaded = False

    # -- adding ---------------------------------------------------------------------------------

    def add(
        self,
        name: str,
        target: str | Callable[..., Any],
        description: str = "",
        *,
        source: str = "built-in",
        **info: Any,
    ) -> Entry:
        """Register ``name``; a name registered twice is an error (a plugin cannot shadow a built-in)."""
        if not name or name != name.strip():
            raise ValueError(f"a {self.kind} name must be non-empty without surrounding spaces: {name!r}")
        if name in self._entries:
            raise PluginError(f"{self.kind} {name!r} is registered twice ({self._entries[name].source} and {source})")
        entry = Entry(self.kind, name, target, description or _first_line(target), source, info)
        self._entries[name] = entry
        return entry

    def register(
        self, name: str, description: str = "", **info: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator form of :meth:`add` for a builder defined in place."""

        def decorate(builder: Callable[..., Any]) -> Callable[..., Any]:
            self.add(name, builder, description, source=_source_of(builder), **info)
            return builder

        return decorate

    # -- finding --------------------------------------------------------------------------------

    def resolve(self, name: str) -> tuple[Entry, str]:
        """The entry for ``name`` and, for a family, the part after its prefix (else "")."""
        found = self._match(name)
        if found is None and not self._plugins_loaded:
            self.load_plugins()
            found = self._match(name)
        if found is None:
            raise UnknownComponent(self.unknown_message(name))
        return found

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        try:
            self.resolve(name)
        except UnknownComponent:
            return False
        return True

    def _match(self, name: str) -> tuple[Entry, str] | None:
        entry = self._entries.get(name)
        if entry is not None and not entry.family:
            return entry, ""
        # The longest family prefix wins, so "hybrid:" beats a shorter one.
        families = sorted((e for e in self._entries.values() if e.family), key=lambda e: -len(e.name))
        for family in families:
            if name.startswith(family.name) and len(name) > len(family.name):
                return family, name[len(family.name) :]
        return None

    def suggestions(self, name: str, extra: list[str] | None = None) -> list[str]:
        """Registered names closest to ``name`` (families written with their prefix)."""
        names = [e.name for e in self._entries.values()] + (extra or [])
        lowered = {n.lower(): n for n in names}
        close = difflib.get_close_matches(name.lower(), list(lowered), n=3, cutoff=0.6)
        return [lowered[c] for c in close]

    def unknown_message(self, name: str, extra: list[str] | None = None) -> str:
        """``unknown model 'baselin'; did you mean 'baseline'? (harness ls models lists them)``."""
        close = self.suggestions(name, extra)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        return f"unknown {self.kind} {name!r}{hint} (`harness ls {self.plural}` lists them)"

    def entries(self) -> list[Entry]:
        """Every entry, built-in first in registration order, then plugins."""
        self.load_plugins()
        return list(self._entries.values())

    # -- building -------------------------------------------------------------------------------

    def build(self, name: str, *args: Any, record_args: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
        """Resolve ``name``, call its builder with the family target (when a family) and the given
        arguments, and record how the result was built (``record_args``, else ``kwargs``)."""
        entry, target = self.resolve(name)
        builder = entry.load()
        component = builder(target, *args, **kwargs) if entry.family else builder(*args, **kwargs)
        if component is not None:
            record(component, self.kind, name, record_args if record_args is not None else kwargs)
        return component

    # -- plugins --------------------------------------------------------------------------------

    def load_plugins(self) -> None:
        """Register every entry point of this kind's group (once). A broken plugin is an error that
        names it rather than a traceback from inside it."""
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        from importlib.metadata import entry_points

        for point in entry_points(group=self.group):
            if point.name in self._entries:
                continue  # its module registered it by decorator when another entry point loaded it
            dist = point.dist.name if point.dist is not None else "unknown distribution"
            try:
                builder = point.load()
            except Exception as exc:
                raise PluginError(
                    f"{self.kind} plugin {point.name!r} from {dist} ({point.value}) failed to load: {one_line(exc)}"
                ) from exc
            if point.name not in self._entries:
                self.add(point.name, builder, source=f"plugin {dist}")


def _first_line(target: str | Callable[..., Any]) -> str:
    doc = getattr(target, "__doc__", None) if not isinstance(target, str) else None
    return doc.strip().splitlines()[0] if doc else ""


def _source_of(builder: Callable[..., Any]) -> str:
    module = getattr(builder, "__module__", "") or ""
    return "built-in" if module.startswith("harness.") else f"module {module}"
