"""Shared fixtures. The embedding model is real (bundled all-MiniLM-L6-v2) and loaded once."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import hypothesis
import pytest
from fastapi import FastAPI, Request  # at module level: FastAPI resolves the handler's annotations here
from fastapi.responses import JSONResponse, StreamingResponse

from assistant.config import PROJECT_ROOT, load_settings

# Property-based tests (test_properties.py): a few hundred examples in `make test`, 10,000 a test in
# `make fuzz` (HYPOTHESIS_PROFILE=fuzz).
hypothesis.settings.register_profile(
    "ci", max_examples=50,
    suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.data_too_large],
)
hypothesis.settings.register_profile("fuzz", hypothesis.settings.get_profile("ci"), max_examples=10_000)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TESTS = Path(__file__).parent
ORACLE = TESTS / "convention_articles.jsonl"
CORPUS = PROJECT_ROOT / "corpus"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, seconds: float, describe=lambda: "") -> None:
    """Poll `url` until it answers 200; fail with `describe()` if the process dies or time runs out."""
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"server exited early\n{describe()}"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {seconds} s\n{describe()}")


def ingest_command(settings, *args: str, readable_by_all: bool = True) -> subprocess.CompletedProcess:
    """Run `python -m ingest --quiet` on `settings`' corpus and index in a real process.

    With readable_by_all=False it runs without root's power to read any file, so a file or folder made
    unreadable with chmod is unreadable to it (as it would be to anyone else).
    """
    command = [sys.executable, "-m", "ingest", "--quiet", *args]
    if not readable_by_all and os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", *command]
    return subprocess.run(command, cwd=PROJECT_ROOT, env=ingest_env(settings), capture_output=True, text=True,
                          timeout=300)


def ingest_env(settings) -> dict[str, str]:
    """The environment that points an ingest process at `settings`' corpus and index."""
    return {**os.environ, "TREATYQA_CORPUS_DIR": str(settings.corpus_dir),
            "TREATYQA_DATA_DIR": str(settings.data_dir)}


@contextmanager
def serve(app):
    """Run an ASGI app on a free loopback port in a background thread; yields the port."""
    import threading

    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class ChromaServer:
    """A real `chroma run` on 127.0.0.1:`port` keeping its data in `path`; it can be stopped and started
    again on the same data, and frozen with SIGSTOP through `process`."""

    def __init__(self, path: Path, port: int):
        self.path, self.port = path, port
        self.command = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
        assert self.command, "the chroma CLI comes with the chromadb package"
        self.process: subprocess.Popen | None = None

    def start(self) -> "ChromaServer":
        self.process = subprocess.Popen(
            [self.command, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_http(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", self.process, 60)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()  # SIGKILL also ends a server frozen with SIGSTOP
            self.process.wait(timeout=20)
            self.process = None


@pytest.fixture
def chroma_server(tmp_path):
    """A Chroma server for one test; yields its port."""
    server = ChromaServer(tmp_path / "server-data", free_port()).start()
    try:
        yield server.port
    finally:
        server.stop()


@contextmanager
def fake_openai(reply: str):
    """A stand-in for an OpenAI-compatible endpoint (the remote model cannot run here): answers every
    chat completion with `reply`, streamed word by word when asked; yields (base_url, requests seen)."""
    app = FastAPI()
    seen: list[dict] = []

    @app.post("/v1/chat/completions")
    async def completions(request: Request):
        body = await request.json()
        seen.append(body)
        base = {"id": "cmpl-1", "created": int(time.time()), "model": body["model"]}
        if body.get("stream"):
            def events():
                for word in reply.split(" "):
                    delta = {"index": 0, "delta": {"role": "assistant", "content": word + " "}, "finish_reason": None}
                    yield f"data: {json.dumps(base | {'object': 'chat.completion.chunk', 'choices': [delta]})}\n\n"
                    time.sleep(0.02)
                done = {"index": 0, "delta": {}, "finish_reason": "stop"}
                yield f"data: {json.dumps(base | {'object': 'chat.completion.chunk', 'choices': [done]})}\n\n"
                yield "data: [DONE]\n\n"

            return StreamingResponse(events(), media_type="text/event-stream")
        message = {"role": "assistant", "content": reply}
        return JSONResponse(base | {"object": "chat.completion", "usage": {"prompt_tokens": 1, "completion_tokens": 1,
                                    "total_tokens": 2}, "choices": [{"index": 0, "finish_reason": "stop", "message": message}]})

    with serve(app) as port:
        yield f"http://127.0.0.1:{port}/v1", seen


@pytest.fixture(scope="session")
def oracle() -> list[dict]:
    return [json.loads(line) for line in ORACLE.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def embeddings():
    """The embedding model as the app runs it (the default backend: the model's int8 copy under ONNX
    Runtime), so the learned parts, trained in its vector space, apply in the tests as in the app."""
    from assistant.embeddings import make_embeddings

    return make_embeddings(load_settings({}))


MINI_TREATY = """---
title: "Mini Convention"
kind: treaty
date: 2024-01-01
---

# Mini Convention

## Preamble

The States Parties to the present Convention,

Have agreed as follows:

## Chapter I. General provisions

### Article 1. Illegal access

Each State Party shall establish as a criminal offence the access to a computer system without right.

### Article 2. Use of terms

For the purposes of this Convention:

(a) "Traffic data" shall mean data about the route of a communication;

(b) "Emergency" shall mean an imminent risk to the life of a person.
"""


@pytest.fixture
def mini_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "commentary").mkdir(parents=True)
    (corpus / "mini.md").write_text(MINI_TREATY)
    shutil.copy(CORPUS / "interpretative_notes.md", corpus / "interpretative_notes.md")
    shutil.copy(CORPUS / "commentary" / "un-cybercrime-treaty-news.md", corpus / "commentary" / "news.md")
    return corpus


@pytest.fixture
def mini_settings(tmp_path, mini_corpus):
    return replace(load_settings({}), corpus_dir=mini_corpus, data_dir=tmp_path / "data")


@pytest.fixture(scope="session")
def full_index(tmp_path_factory, embeddings):
    """The real corpus ingested once into an embedded Chroma, shared by read-only tests."""
    from assistant.store import PassageStore, make_client
    from ingest.pipeline import run_ingest

    settings = replace(load_settings({}), corpus_dir=CORPUS, data_dir=tmp_path_factory.mktemp("full") / "data")
    store = PassageStore(make_client(settings), settings.collection)
    report = run_ingest(settings, store=store, embeddings_factory=lambda: embeddings, progress=False)
    assert report.ok, report.summary()
    return settings, store


@pytest.fixture(scope="session")
def assistant(full_index, embeddings):
    """The offline assistant over the real corpus."""
    from assistant.chain import Assistant

    settings, store = full_index
    return Assistant(settings=settings, store=store, embeddings=embeddings, use_llm=False)


# ---- the app as a user meets it -----------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@contextmanager
def running_app(full_index, tmp_path_factory, **env_overrides):
    settings, _ = full_index
    port = free_port()
    log = tmp_path_factory.mktemp("app") / "app.log"
    env = {**os.environ, "TREATYQA_DATA_DIR": str(settings.data_dir), "TREATYQA_LLM_PROVIDER": "none",
           "GRADIO_SERVER_PORT": str(port), **env_overrides}
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "app.py"], cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/api/health", process, 120, log.read_text)
        assert f"on http://127.0.0.1:{port}/" in log.read_text()  # binds loopback and says where
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def app(full_index, tmp_path_factory):
    """The app's URL and its log file."""
    with running_app(full_index, tmp_path_factory) as (url, log):
        yield url, log


@pytest.fixture(scope="session")
def app_url(app):
    return app[0]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is required for browser tests: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield instance
        instance.close()
