"""Server mode: a real `chroma run` on 127.0.0.1, ingested into and queried through CHROMA_HOST/PORT."""

from __future__ import annotations

import signal
import time
from dataclasses import replace

import httpx
import pytest

from assistant.chain import Assistant
from assistant.config import load_settings
from assistant.store import PassageStore, make_client
from assistant.web.api import create_app
from ingest.pipeline import run_ingest
from tests.conftest import ChromaServer, free_port, serve

pytestmark = pytest.mark.slow


def test_ingest_into_and_query_a_chroma_server(chroma_server, mini_corpus, embeddings):
    settings = replace(
        load_settings({"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server)}),
        corpus_dir=mini_corpus,
    )
    assert settings.server_mode
    store = PassageStore(make_client(settings), settings.collection)
    report = run_ingest(settings, store=store, embeddings_factory=lambda: embeddings, progress=False)
    assert report.ok and report.published

    again = run_ingest(settings, store=store, embeddings_factory=lambda: embeddings, progress=False)
    assert again.published is None  # the manifest lives in the server too

    fresh_client = PassageStore(make_client(settings), settings.collection)
    hits = fresh_client.active().query(
        query_embeddings=[embeddings.embed_query("what does traffic data mean")], n_results=2
    )
    assert any(m["label"].startswith("Article 2(") for m in hits["metadatas"][0])


def test_a_stopped_or_frozen_server_gets_a_503_in_bounded_time_and_the_app_recovers(tmp_path, mini_corpus, embeddings):
    server = ChromaServer(tmp_path / "server-data", free_port()).start()
    settings = replace(
        load_settings({"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(server.port), "TREATYQA_CHROMA_TIMEOUT": "1"}),
        corpus_dir=mini_corpus,
    )
    try:
        store = PassageStore(make_client(settings), settings.collection)
        assert run_ingest(settings, store=store, embeddings_factory=lambda: embeddings, progress=False).ok
        bot = Assistant(settings=settings, store=store, embeddings=embeddings, use_llm=False)
        with serve(create_app(bot)) as app_port:
            url = f"http://127.0.0.1:{app_port}"

            def ask(question: str) -> httpx.Response:
                return httpx.post(f"{url}/api/ask", json={"question": question}, timeout=30)

            def health() -> httpx.Response:
                return httpx.get(f"{url}/api/health", timeout=30)

            assert ask("What is traffic data?").status_code == 200

            server.process.send_signal(signal.SIGSTOP)  # frozen: connections open, nothing answers
            started = time.monotonic()
            frozen, frozen_health = ask("What is traffic data?"), health()
            assert frozen.status_code == 503 and "try again" in frozen.json()["detail"]
            assert frozen_health.status_code == 503 and frozen_health.json()["store"] == "down"
            assert time.monotonic() - started < 25  # bounded by the timeout, not a hang
            server.process.send_signal(signal.SIGCONT)
            assert ask("What is traffic data?").status_code == 200

            server.stop()  # nothing listens on the port
            missing = ask("What does Article 99 say?")  # needs no database
            assert missing.status_code == 200 and "no Article 99" in missing.json()["text"]
            assert ask("What is traffic data?").status_code == 503
            assert health().status_code == 503

            server.start()  # back, with the same data
            back = ask("What is traffic data?")
            assert back.status_code == 200 and back.json()["citations"][0]["label"].startswith("Article 2(")
            assert health().status_code == 200 and health().json()["store"] == "ok"
    finally:
        server.stop()
