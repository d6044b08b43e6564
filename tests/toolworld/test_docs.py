"""Writing tool docs from api.py: the workflow for adding a tool in the bundled layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data_builder.catalog import DEFAULT_CATALOG, load_catalog
from data_builder.catalog_docs import doc_texts, parse_docstring, schema_of
from harness.toolbench.tools import read_tool_dir

HEADER = (DEFAULT_CATALOG / "tools" / "Tools" / "unit_converter" / "api.py").read_text(encoding="utf-8")
# The lines every bundled api.py starts with to load the toolkit, up to ``kit = ...``.
KIT_LINES = HEADER[HEADER.index("import ") : HEADER.index("kit = sys.modules[_KIT]")] + "kit = sys.modules[_KIT]\n"

TOOL_CODE = '''
TOOL = {"tool_name": "Dice Lab", "tool_description": "Odds of dice rolls."}


@kit.api("Roll Odds", example={"target": 7})
def roll_odds(target: int, dice: int = 2):
    """Probability that the dice add up to a target.

    target: The total to hit.
    dice: How many six-sided dice (1-3).
    """
    kit.require(1 <= dice <= 3, f"Invalid dice {dice}: choose 1 to 3.")
    import itertools

    rolls = list(itertools.product(range(1, 7), repeat=dice))
    return {"target": target, "probability": round(sum(sum(r) == target for r in rolls) / len(rolls), 4),
            "outcomes": [list(r) for r in rolls if sum(r) == target]}
'''


def make_catalog(tmp_path: Path, code: str) -> Path:
    root = tmp_path / "toolenv"
    shutil.copytree(DEFAULT_CATALOG / "_lib", root / "_lib")
    shutil.copytree(DEFAULT_CATALOG / "world", root / "world")
    folder = root / "tools" / "Gaming" / "dice_lab"
    folder.mkdir(parents=True)
    (folder / "api.py").write_text(KIT_LINES + "\n" + code, encoding="utf-8")
    return root


def test_a_new_tool_gets_toolbench_docs_and_runs(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, TOOL_CODE)
    for path, text in doc_texts(root).items():
        path.write_text(text, encoding="utf-8")
    (tool,) = read_tool_dir(root / "tools")
    (api,) = tool.api_list
    assert (tool.tool_name, tool.category_name, api.name) == ("Dice Lab", "Gaming", "Roll Odds")
    assert [(p.name, p.type, p.default) for p in api.required_parameters] == [("target", "NUMBER", 7)]
    assert [(p.name, p.default) for p in api.optional_parameters] == [("dice", 2)]
    assert api.template_response == {
        "target": "int",
        "probability": "float",
        "outcomes": ["list of list with length 6"],
    }
    reply = load_catalog(root).function("Dice Lab", "Roll Odds")(target="12")
    assert reply["probability"] == round(1 / 36, 4)


def test_docs_refuse_undocumented_parameters_and_wrong_names(tmp_path: Path) -> None:
    undocumented = TOOL_CODE.replace("    dice: How many six-sided dice (1-3).\n", "")
    with pytest.raises(ValueError, match="does not describe parameter 'dice'"):
        doc_texts(make_catalog(tmp_path / "a", undocumented))
    renamed = TOOL_CODE.replace("def roll_odds(", "def odds(")
    with pytest.raises(ValueError, match="function named roll_odds"):
        doc_texts(make_catalog(tmp_path / "b", renamed))
    failing = TOOL_CODE.replace('example={"target": 7}', 'example={"target": 7, "dice": 9}')
    with pytest.raises(ValueError, match="example call fails"):
        doc_texts(make_catalog(tmp_path / "c", failing))


def test_plain_toolbench_api_files_keep_their_own_json(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, "\n\ndef roll(target):\n    return {'target': target}\n")
    assert doc_texts(root) == {}


def test_schema_notation_and_docstring_parsing() -> None:
    assert schema_of({"a": [{"b": 1.5}, {"b": 2.0}], "c": [], "d": None, "e": True}) == {
        "a": [{"b": "float", "_list_length": 2}],
        "c": [],
        "d": "NoneType",
        "e": "bool",
    }
    description, params = parse_docstring("""First line
    goes on.

    x: The x,
        continued.
    y: Why.
    """)
    assert description == "First line goes on."
    assert params == {"x": "The x, continued.", "y": "Why."}
