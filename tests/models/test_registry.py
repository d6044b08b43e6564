"""Registry names, argument parsing and the one-line errors for what is missing."""

from __future__ import annotations

import re

import pytest

from harness.models.args import parse_model_args
from harness.models.base import ModelAdapter, ModelError
from harness.models.registry import find_spec, list_models, load_model
from harness.types.runspec import RunSpec


def test_parse_model_args() -> None:
    assert parse_model_args(["base_url=http://h:1/v1", "model=a=b", "empty="]) == {
        "base_url": "http://h:1/v1",
        "model": "a=b",
        "empty": "",
    }
    with pytest.raises(ModelError, match="'novalue' is not key=value"):
        parse_model_args(["novalue"])


def test_unknown_model_points_to_the_list() -> None:
    with pytest.raises(ModelError, match=r"unknown model 'gpt-17'.*harness ls models"):
        load_model("gpt-17", {})
    with pytest.raises(ModelError, match="unknown model 'openai:'"):
        load_model("openai:", {})


def test_families_take_the_part_after_the_colon() -> None:
    spec, target = find_spec("openai:qwen2.5-7b-instruct")
    assert (spec.name, target) == ("openai:", "qwen2.5-7b-instruct")
    spec, target = find_spec("chatgpt")
    assert (spec.adapter, target) == ("openai", "gpt-3.5-turbo-16k-0613")


def test_bad_argument_values_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    for args, expected in [
        ({"concurrency": "many"}, "-M concurrency='many' must be an integer"),
        ({"concurrency": "0"}, "-M concurrency=0 must be at least 1"),
        ({"timeout": "-1"}, "-M timeout=-1 must be at least 0"),
        ({"tool_api": "grpc"}, "-M tool_api='grpc' must be one of tools, functions"),
    ]:
        with pytest.raises(ModelError, match=re.escape(expected)):
            load_model("chatgpt", args)


def test_openai_family_needs_a_model_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    with pytest.raises(ModelError, match="-M model=<id>"):
        load_model("openai", {})


def test_api_key_argument_never_reaches_a_runspec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    args = {"api_key": "sk-secret-123456789", "model": "m", "base_url": "http://127.0.0.1:9/v1"}
    assert isinstance(load_model("openai", args), ModelAdapter)
    spec = RunSpec(tasks=["t"], task_data_hash="h", model="openai", model_args=args, strategy="react")
    assert "sk-secret" not in spec.canonical_json()
    assert spec.model_args == {"model": "m", "base_url": "http://127.0.0.1:9/v1"}


def test_every_entry_has_a_description_and_needs() -> None:
    for spec in list_models():
        assert spec.description and spec.needs and spec.adapter
