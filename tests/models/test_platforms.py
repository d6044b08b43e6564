"""The platform clients of the official SDKs (Azure OpenAI, Anthropic on Bedrock and Vertex) against
real loopback servers speaking each platform's wire form, one pooled client per provider, and SDKs
imported only when a hosted model is built."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from harness.models.base import GenerateConfig, ModelError
from harness.models.registry import load_model
from harness.models.wrapper import Model
from harness.types.messages import Message
from tests.fakes.anthropic_server import FakeAnthropicServer
from tests.fakes.openai_server import FakeOpenAIServer, http_error

KEY = "azure-key-0123456789abcdef"
TOKEN = "bedrock-or-vertex-token-0123456789"
ASK = [Message(role="user", content="What is the weather in Paris?")]


def answer(model: object) -> str:
    assert isinstance(model, Model)
    out = asyncio.run(model.generate(ASK, [], GenerateConfig()))
    return out.message.content or ""


def test_azure_openai_routes_to_the_deployment_with_its_key_header() -> None:
    with FakeOpenAIServer(api_key=KEY) as fake:
        root = fake.base_url.removesuffix("/v1")
        fake.push("from azure")
        args = {"platform": "azure", "azure_endpoint": root, "api_version": "2024-10-21", "api_key": KEY}
        assert answer(load_model("openai:my-gpt4o", args)) == "from azure"
        request = fake.requests[0]
        assert request.path == "/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21"
        assert request.headers["api-key"] == KEY


def test_azure_openai_rejected_key_stops_without_retrying() -> None:
    with FakeOpenAIServer(api_key=KEY) as fake:
        args = {"platform": "azure", "azure_endpoint": fake.base_url.removesuffix("/v1"), "api_version": "v"}
        with pytest.raises(ModelError) as failure:
            answer(load_model("openai:d", {**args, "api_key": "wrong-key-999999999", "retry_base": "0.01"}))
        assert "Azure OpenAI" in str(failure.value) and "AZURE_OPENAI_API_KEY" in str(failure.value)
        assert "wrong-key" not in str(failure.value) and len(fake.requests) == 1


def test_azure_openai_without_its_settings_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("AZURE_OPENAI_ENDPOINT", "OPENAI_API_VERSION", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN"):
        monkeypatch.delenv(variable, raising=False)
    with pytest.raises(ModelError) as failure:
        load_model("openai:d", {"platform": "azure"})
    message = str(failure.value)
    assert "\n" not in message
    assert all(name in message for name in ("AZURE_OPENAI_ENDPOINT", "OPENAI_API_VERSION", "AZURE_OPENAI_API_KEY"))


def test_anthropic_on_bedrock_invokes_the_model_path() -> None:
    with FakeAnthropicServer(api_key=TOKEN) as fake:
        fake.push("from bedrock")
        args = {"platform": "bedrock", "aws_region": "us-east-1", "api_key": TOKEN, "base_url": fake.base_url}
        assert answer(load_model("anthropic:anthropic.claude-sonnet-4-5-v1:0", args)) == "from bedrock"
        request = fake.requests[0]
        assert request.path == "/model/anthropic.claude-sonnet-4-5-v1:0/invoke"
        assert "model" not in request.body and request.body["anthropic_version"]


def test_anthropic_on_vertex_calls_raw_predict() -> None:
    with FakeAnthropicServer(api_key=TOKEN) as fake:
        fake.push("from vertex")
        args = {
            "platform": "vertex", "region": "us-east5", "project_id": "proj-1", "access_token": TOKEN,
            "base_url": fake.base_url,
        }  # fmt: skip
        assert answer(load_model("anthropic:claude-sonnet-4-5@20250929", args)) == "from vertex"
        request = fake.requests[0]
        expected = "/projects/proj-1/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929"
        assert request.path == f"{expected}:rawPredict"
        assert request.headers["authorization"] == f"Bearer {TOKEN}"


def test_one_pooled_client_per_provider_sized_to_its_concurrency() -> None:
    with FakeOpenAIServer(api_key="k") as fake:
        fake.push(http_error(503), "a", "b")
        base = {"base_url": fake.base_url, "api_key": "k", "retry_base": "0.01"}
        first = load_model("openai:m1", {**base, "concurrency": "3"})
        second = load_model("openai:m2", {**base, "concurrency": "5"})
        assert isinstance(first, Model) and isinstance(second, Model)
        client = first.adapter.client  # type: ignore[attr-defined]
        assert second.adapter.client is client  # type: ignore[attr-defined]
        assert client.pool == 5
        assert (answer(first), answer(second)) == ("a", "b")  # the 503 was retried by our wrapper
        assert first.accounting.retries == 1
        other = load_model("openai:m1", {"base_url": fake.base_url, "api_key": "another"})
        assert other.adapter.client is not client  # type: ignore[attr-defined]


def test_the_sdks_load_only_when_a_request_is_made() -> None:
    code = (
        "import sys\n"
        "from harness.models.registry import list_models, load_model\n"
        "list_models(); load_model('baseline', {})\n"
        "print(sorted(m for m in ('openai', 'anthropic') if m in sys.modules))\n"
        "load_model('openai:x', {'api_key': 'k', 'base_url': 'http://127.0.0.1:9/v1'})\n"
        "print(sorted(m for m in ('openai', 'anthropic') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    # Even a built hosted model defers the import to its first request.
    assert done.stdout.split() == ["[]", "[]"]
