"""The world is a pure function of its seed, and the committed files are that function's output."""

from __future__ import annotations

from data_builder.world.generate import DEFAULT_SEED, generate_world, world_files
from data_builder.world.store import DEFAULT_WORLD_DIR, load_world


def test_committed_world_is_the_default_seed_regenerated_byte_for_byte() -> None:
    files = world_files(DEFAULT_SEED)
    committed = {p.name: p.read_text(encoding="utf-8") for p in DEFAULT_WORLD_DIR.glob("*.json")}
    assert sorted(committed) == sorted(files)
    changed = [name for name, text in files.items() if committed[name] != text]
    assert changed == [], f"regenerate with python -m data_builder.world: {changed}"


def test_same_seed_same_world_other_seed_other_world() -> None:
    first, again, other = generate_world(7), generate_world(7), generate_world(8)
    assert first == again
    differing = [name for name in first if first[name] != other[name]]
    # Seeded tables differ; fixed reference tables (elements, planets, words ...) do not.
    assert {"cities", "weather", "hotels", "films", "companies", "matches"} <= set(differing)
    assert "elements" not in differing


def test_world_size_stays_small_and_tables_are_linked() -> None:
    total = sum(p.stat().st_size for p in DEFAULT_WORLD_DIR.glob("*.json"))
    assert total < 5_000_000
    world = load_world()
    city_ids = {c["id"] for c in world["cities"]}
    assert all(h["city_id"] in city_ids for h in world["hotels"])
    assert all(m["home_team_id"] != m["away_team_id"] for m in world["matches"])
    # Goals credited to players add up to the goals in the results.
    scored = sum((m["home_goals"] or 0) + (m["away_goals"] or 0) for m in world["matches"])
    assert scored == sum(p["goals"] for p in world["players"]) > 0
