"""Server mode: a real `chroma run` on 127.0.0.1, ingested into and queried through CHROMA_HOST/PORT."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.store import PassageStore, make_client
from ingest.pipeline import run_ingest
from tests.conftest import free_port, wait_for_http

pytestmark = pytest.mark.slow


@pytest.fixture
def chroma_server(tmp_path):
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    assert chroma, "the chroma CLI comes with the chromadb package"
    port = free_port()
    process = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", process, 60)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


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
