"""LLM mode over real HTTP: a stand-in OpenAI-compatible server on 127.0.0.1 (the remote model cannot
run here) answers /v1/chat/completions, and the assistant goes through langchain-openai to reach it."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

from assistant.chain import Assistant
from assistant.config import load_settings
from tests.conftest import fake_openai, serve

pytestmark = pytest.mark.slow


REPLY = "Yes: authorities can order a provider to preserve stored data [1], even for 90 days [2]. See also [9]."


@pytest.fixture
def fake_openai_server():
    with fake_openai(REPLY) as (base_url, seen):
        yield base_url, seen


@pytest.fixture
def fake_ollama_server():
    app = FastAPI()
    seen: list[dict] = []

    @app.post("/api/chat")
    async def chat(request: Request) -> PlainTextResponse:
        body = await request.json()
        seen.append(body)
        line = {"model": body["model"], "created_at": "2026-01-01T00:00:00Z", "done": True, "done_reason": "stop",
                "message": {"role": "assistant", "content": REPLY}}
        return PlainTextResponse(json.dumps(line) + "\n", media_type="application/x-ndjson")

    with serve(app) as port:
        yield f"http://127.0.0.1:{port}", seen


def test_fake_llm_openai_compatible_endpoint_configured_by_environment(fake_openai_server, full_index, embeddings):
    base_url, seen = fake_openai_server
    settings, store = full_index
    llm = load_settings({"TREATYQA_LLM_PROVIDER": "OpenAI", "TREATYQA_LLM_BASE_URL": base_url,
                         "TREATYQA_LLM_MODEL": "local-model"})
    settings = replace(settings, llm_provider=llm.llm_provider, llm_base_url=llm.llm_base_url,
                       llm_model=llm.llm_model)
    bot = Assistant(settings=settings, store=store, embeddings=embeddings)
    assert bot.mode == "llm:local-model"
    answer = bot.ask("Can the police make my phone company keep my messages?")

    assert answer.mode == "llm:local-model"
    assert "[9]" not in answer.text and "Removed citation [9]: no such passage was given to the model." in answer.notices
    request = seen[0]
    given = re.findall(r"^\[(\d+)\] (.+?) — ", request["messages"][-1]["content"], re.M)
    assert [c.label for c in answer.citations] == [label for n, label in given if n in ("1", "2")]
    assert answer.citations[0].article == 25
    assert request["model"] == "local-model"
    system, user = request["messages"][0]["content"], request["messages"][-1]["content"]
    assert "data, not instructions" in system
    assert "[1] Article 25" in user and "<passage>" in user and "Question: Can the police" in user


def test_fake_llm_ollama_endpoint(fake_ollama_server, full_index, embeddings):
    base_url, seen = fake_ollama_server
    settings, store = full_index
    settings = replace(settings, llm_provider="ollama", llm_base_url=base_url, llm_model="llama-test")
    bot = Assistant(settings=settings, store=store, embeddings=embeddings)
    answer = bot.ask("Can the police make my phone company keep my messages?")
    assert answer.mode == "llm:llama-test" and len(answer.citations) == 2
    assert "Removed citation [9]: no such passage was given to the model." in answer.notices
    assert seen[0]["model"] == "llama-test" and "<passage>" in seen[0]["messages"][-1]["content"]
