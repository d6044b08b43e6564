"""The LLM generator: prompt with docs and three seeds, parse proposals, drop what leaves the sample,
and take gold from the proposed path."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

from data_builder.builder import BuildConfig, build_suite
from data_builder.generators.llm import EXAMPLES_PER_PROMPT, LLMGenerator, load_seeds
from data_builder.generators.prompt import parse_proposals
from data_builder.gold import ProposedPart, recheck_gold
from data_builder.inputs import BuildInputs
from data_builder.layout import read_suite
from data_builder.run import make_generator, run_build
from data_builder.sampling import ApiSample, Kind
from data_builder.stats import suite_stats
from harness.models.base import GenerateConfig
from harness.models.scripted import ScriptedModel
from harness.types.messages import Function, Message
from tests.data_builder.canned_llm import canned_reply
from tests.fakes.openai_server import FakeOpenAIServer


def _canned(messages: list[Message], functions: list[Function], config: GenerateConfig) -> str:
    return canned_reply([m.model_dump() for m in messages], config.seed or 0)


def _sample(world: BuildInputs, kind: Kind, *pairs: tuple[str, str]) -> ApiSample:
    docs = {api.key: api for tool in world.tools for api in tool.api_docs()}
    return ApiSample(kind, tuple(docs[p] for p in pairs), "test")


def test_the_seed_pool_is_the_papers_size() -> None:
    seeds = load_seeds()
    assert len(seeds["single_tool"]) == 12 and len(seeds["multi_tool"]) == 36
    texts = [s["query"] for pool in seeds.values() for s in pool]
    assert len(set(texts)) == len(texts)


def test_prompt_shows_the_sample_and_three_seeds(world: BuildInputs) -> None:
    model = ScriptedModel(responder=_canned)
    generator = LLMGenerator(model)
    sample = _sample(world, Kind.I1, ("Stock Desk", "quote"))
    asyncio.run(generator.generate(sample, random.Random(1)))
    ((messages, functions, config),) = model.requests
    assert functions == [] and config.seed is not None
    user = messages[-1].content or ""
    assert user.count("Example ") == EXAMPLES_PER_PROMPT and '"api_name": "quote"' in user
    assert "at least two different tools" not in (messages[0].content or "")


def test_hallucinated_apis_are_dropped_and_the_rest_kept(world: BuildInputs) -> None:
    generator = LLMGenerator(ScriptedModel(responder=_canned))
    sample = _sample(world, Kind.I1, ("Stock Desk", "quote"))
    candidates = asyncio.run(generator.generate(sample, random.Random(2)))
    assert generator.dropped["API outside the sample"] == 2 and generator.dropped["malformed proposal"] == 1
    assert len(candidates) == 2  # the good one, and one whose answer field will not resolve
    for candidate in candidates:
        assert set(candidate.relevant_apis) == {("Stock Desk", "quote")}
        (part,) = candidate.parts
        assert isinstance(part, ProposedPart) and part.steps[0].category == "Finance"


def test_multi_tool_proposals_need_two_tools(world: BuildInputs) -> None:
    generator = LLMGenerator(ScriptedModel(responder=_canned))
    sample = _sample(world, Kind.I2, ("Film Base", "film_year"), ("Song Finder", "song_artist"))
    (candidate,) = asyncio.run(generator.generate(sample, random.Random(3)))
    assert {tool for tool, _ in candidate.relevant_apis} == {"Film Base", "Song Finder"}


def test_replies_in_prose_or_broken_are_parsed_safely() -> None:
    good = {
        "query": "q",
        "related_apis": [["T", "a"]],
        "calls": [{"tool": "T", "api": "a"}],
        "answer_fields": [[0, "x"]],
    }
    assert len(parse_proposals(f"Sure! [1, 2] and then {json.dumps([good, good])} done")[0]) == 2
    assert parse_proposals("no JSON here") == ([], 1)
    proposals, malformed = parse_proposals(json.dumps([good, {"query": "missing the rest"}]))
    assert len(proposals) == 1 and malformed == 1


def test_a_build_with_the_llm_generator_keeps_only_verifiable_gold(world: BuildInputs, tmp_path: Path) -> None:
    generator = LLMGenerator(ScriptedModel(responder=_canned))
    suite = asyncio.run(build_suite(world, generator, BuildConfig(seed=1, per_group=3, train=3)))
    assert suite.dropped["no verifiable gold"] > 0  # the proposals naming a field nobody returns
    assert suite.dropped["API outside the sample"] > 0
    for queries in suite.tests.values():
        assert len(queries) == 3
        for query in queries:
            assert query.gold is not None and "(asking for a field nobody returns)" not in query.text
            assert recheck_gold(query.gold, world) == []
            assert query.gold.sources and query.gold.sources[0].fact_fields


def test_a_dead_model_stops_the_build_with_one_line(world: BuildInputs) -> None:
    def broken(messages: list[Message], functions: list[Function], config: GenerateConfig) -> str:
        raise ConnectionError("connection refused")

    generator = LLMGenerator(ScriptedModel(responder=broken))
    try:
        asyncio.run(build_suite(world, generator, BuildConfig(seed=1, per_group=3, train=0)))
    except ValueError as exc:
        assert "failed 5 times in a row: connection refused" in str(exc)
    else:
        raise AssertionError("a build with a dead model finished")


def test_a_build_through_an_openai_compatible_server(world: BuildInputs, tmp_path: Path) -> None:
    """The whole path a user takes with --generator: registry, adapter, real HTTP, canned generations."""
    with FakeOpenAIServer(
        default_reply=lambda request: canned_reply(request.body["messages"], request.body["seed"])
    ) as server:
        args = {"model": "fake-model", "base_url": server.base_url, "api_key": "sk-local"}
        generator = make_generator("openai", world, args)
        config = BuildConfig(seed=4, per_group=2, train=3)
        suite = run_build(world, tmp_path / "llm", generator, config)
        bodies = server.bodies("/chat/completions")
    assert bodies and all(body["model"] == "fake-model" and "seed" in body for body in bodies)
    assert suite.dropped["API outside the sample"] >= len(bodies)  # every reply carried two hallucinations
    figures = suite_stats(tmp_path / "llm")
    assert figures["generator"] == "llm:openai" and figures["leakage"] is False
    assert all(group["queries"] == 2 == group["with_gold"] for group in figures["groups"].values())
    for queries in read_suite(tmp_path / "llm").tests.values():
        for query in queries:
            assert query.gold is not None and recheck_gold(query.gold, world) == []
