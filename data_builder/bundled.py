"""The bundled catalog (``tasks/toolenv``) as build inputs: its tool docs and collections, the intent
templates written for it, the world they draw from, and in-process execution of its ``api.py`` files.

Another catalog folder in the same layout works too: the templates of APIs it lacks are left out, and
the LLM generator needs no templates at all.
"""

from __future__ import annotations

from pathlib import Path

from data_builder.inputs import BuildInputs, read_catalog_docs, templates_for


def load_inputs(catalog: Path) -> BuildInputs:
    """Build inputs for the catalog folder ``catalog`` (``tools/``, ``collections.json``, ``world/``)."""
    from data_builder.catalog import load_catalog
    from data_builder.intents import all_templates, load_world
    from data_builder.world.store import DEFAULT_WORLD_DIR

    tools_dir, tools, collections = read_catalog_docs(catalog)
    world_dir = catalog / "world" if (catalog / "world").is_dir() else DEFAULT_WORLD_DIR
    executor = load_catalog(catalog)
    return BuildInputs(
        tools_dir=tools_dir,
        tools=tools,
        collections=collections,
        templates=templates_for(all_templates(), tools),
        world=load_world(world_dir),
        execute=executor.execute,
    )
