"""Periodic Table: element data and molar masses of chemical formulas."""

import importlib.util
import re
import sys
from pathlib import Path

_KIT = str(Path(__file__).resolve().parents[3] / "_lib" / "toolkit.py")
if _KIT not in sys.modules:  # the shared toolkit, loaded by path (see _lib/toolkit.py)
    _spec = importlib.util.spec_from_file_location("toolenv_toolkit", _KIT)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)  # published only when complete: tools load in parallel threads
    sys.modules.setdefault(_KIT, _module)
kit = sys.modules[_KIT]

TOOL = {
    "tool_name": "Periodic Table",
    "tool_description": "Chemical elements by symbol, name or group, and molar masses of simple formulas.",
}


def _element(symbol):
    wanted = kit.non_empty(symbol, "symbol")
    for e in kit.table("elements"):
        if e["symbol"] == wanted or kit.fold(e["name"]) == kit.fold(wanted):
            return e
    raise kit.ApiError(f"Unknown element '{symbol}'. Use a symbol such as 'Fe' or a name such as 'Iron'.", 404)


@kit.api("Element Details", example={"symbol": "Fe"})
def element_details(symbol: str):
    """Atomic number, atomic mass, group, period, category and phase of an element.

    symbol: Element symbol (case-sensitive, e.g. "Na") or English name.
    """
    return _element(symbol)


@kit.api("Search Elements", example={"query": "ium"})
def search_elements(query: str):
    """Elements whose name contains the text.

    query: Part of an element name.
    """
    query = kit.non_empty(query, "query")
    return {
        "elements": [
            {"symbol": e["symbol"], "name": e["name"], "number": e["number"]}
            for e in kit.table("elements")
            if kit.contains(e["name"], query)
        ]
    }


@kit.api("Elements by Group", example={"group": 18})
def elements_by_group(group: int):
    """The elements of a group (column) of the periodic table, lightest first.

    group: Group number, 1-18.
    """
    kit.require(1 <= group <= 18, f"Invalid group {group}: groups run from 1 to 18.")
    rows = sorted((e for e in kit.table("elements") if e["group"] == group), key=lambda e: e["number"])
    return {
        "group": group,
        "elements": [{"symbol": e["symbol"], "name": e["name"], "number": e["number"]} for e in rows],
    }


@kit.api("Molar Mass", example={"formula": "H2O"})
def molar_mass(formula: str):
    """Molar mass (g/mol) of a formula without brackets, such as "C6H12O6" or "NaCl".

    formula: Chemical formula using element symbols and counts.
    """
    formula = kit.non_empty(formula, "formula")
    parts = re.findall(r"([A-Z][a-z]?)(\d*)", formula)
    kit.require(
        "".join(s + n for s, n in parts) == formula,
        f"Cannot read formula '{formula}': use symbols and counts, no brackets.",
    )
    symbols = kit.index("elements", "symbol")
    total, atoms = 0.0, []
    for symbol, count in parts:
        kit.require(symbol in symbols, f"Unknown element symbol '{symbol}' in '{formula}'.")
        n = int(count or 1)
        total += symbols[symbol]["atomic_mass"] * n
        atoms.append({"symbol": symbol, "count": n})
    return {"formula": formula, "molar_mass_g_per_mol": round(total, 3), "atoms": atoms}
