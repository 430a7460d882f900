"""The speed work (README, "Benchmarks"): what was made faster must give the same results as before,
and the benchmark must run and report every figure. No timing is asserted here; `make bench` measures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.bm25 import Bm25Scores
from assistant.cache import LruCache
from assistant.config import PROJECT_ROOT, load_settings
from assistant.dense import DenseIndex
from assistant.profile import breakdown
from assistant.text import tokenize
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def index():
    """rank_bm25's index over the real corpus's passages, as TreatyIndex builds it."""
    from assistant.retrieve import TreatyIndex
    from ingest.pipeline import passages_for
    from ingest.loaders import discover, load

    passages = [p for path in discover(CORPUS)[0] for p in passages_for(load(path, CORPUS), 1000)]
    return TreatyIndex(passages)


WORDS = ["data", "traffic", "grooming", "child", "extradition", "the", "shall", "state", "party", "xyzzy",
         "confiscation", "computer", "access", "preservation", "interception", "article", "of", "crime"]


@given(st.lists(st.sampled_from(WORDS), max_size=12))
def test_vectorised_bm25_scores_are_rank_bm25s_to_the_last_bit(index, words):
    query = tokenize(" ".join(words))
    expected = index.bm25.vectorizer.get_scores(query)
    assert np.array_equal(index.bm25_scores.scores(query), expected)
    assert np.array_equal(Bm25Scores(index.bm25.vectorizer).scores(query), expected)


def test_bm25_ranking_is_the_sorted_positive_scores(index):
    query = "Can the police keep my traffic data for ninety days?"
    scores = index.bm25.vectorizer.get_scores(tokenize(query))
    expected = sorted(((index.passages[i], float(s)) for i, s in enumerate(scores) if s > 0), key=lambda x: -x[1])
    assert index.bm25_ranking(query) == expected[:120]


def test_dense_ranking_is_exact_cosine_best_first_and_stable_on_ties():
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(50, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[10] = vectors[3]  # a tie: the earlier passage ranks first
    index = DenseIndex.build([f"p{i}" for i in range(50)], vectors)
    query = vectors[3] * 0.9 + vectors[20] * 0.1
    ranking = index.ranking(query, k=5)
    expected = sorted(range(50), key=lambda i: (-float(vectors[i] @ query), i))[:5]
    assert [pid for pid, _ in ranking] == [f"p{i}" for i in expected]
    assert ranking[0][0] == "p3" and ranking[1][0] == "p10"
    assert index.similarity(query, ["p20", "missing"]) == pytest.approx({"p20": float(vectors[20] @ query)})
    assert DenseIndex.build([], []).ranking(query, 5) == []
    # Several vectors at once: one column of cosines for each.
    both = index.scores([vectors[3], vectors[20]])
    assert both.shape == (50, 2) and both[20, 1] == pytest.approx(1.0) and both[3, 0] == pytest.approx(1.0)


def test_the_lru_cache_is_bounded_and_keeps_what_was_used_last():
    cache: LruCache[str] = LruCache(2)
    cache.put("a", "1")
    cache.put("b", "2")
    assert cache.get("a") == "1"  # "b" is now the least recently used
    cache.put("c", "3")
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == ("1", None, "3", 2)
    off: LruCache[str] = LruCache(0)
    off.put("a", "1")
    assert off.get("a") is None


@pytest.mark.parametrize("name, value", [("TREATYQA_ANSWER_CACHE", "-1"), ("TREATYQA_ANSWER_CACHE", "many"),
                                         ("TREATYQA_WORKERS", "0"), ("TREATYQA_EMBED_THREADS", "0"),
                                         ("TREATYQA_EMBED_BACKEND", "tensorflow")])
def test_speed_settings_refuse_bad_values_by_name(name, value):
    with pytest.raises(ValueError, match=name):
        load_settings({name: value})
    assert load_settings({"TREATYQA_ANSWER_CACHE": "0"}).answer_cache == 0


def test_profile_puts_each_sample_in_the_deepest_stage_it_reached():
    raw = "\n".join([
        "_worker (concurrent/futures/thread.py:83);Retriever.retrieve (assistant/retrieve.py:1);"
        "OnnxEmbeddings.embed_query (assistant/onnx_embeddings.py:9) 7",
        "_worker (concurrent/futures/thread.py:83);Retriever.retrieve (assistant/retrieve.py:1);"
        "TreatyIndex.bm25_ranking (assistant/retrieve.py:2);Bm25Scores.scores (assistant/bm25.py:3) 2",
        "Runner.run (asyncio/runners.py:118) 1",
        "not a sample line",
    ])
    assert breakdown(raw) == {"embedding the question": 7, "BM25": 2,
                              "HTTP (uvicorn, Starlette, FastAPI) and the event loop": 1}


@pytest.mark.slow
def test_onnx_vectors_match_torch_vectors_and_the_int8_copy_is_a_close_space_of_its_own(tmp_path):
    from assistant.embeddings import LocalEmbeddings
    from assistant.onnx_embeddings import OnnxEmbeddings
    from assistant.training import space_of

    settings = load_settings({})
    torch_model = LocalEmbeddings(settings.model_path)
    onnx = OnnxEmbeddings(settings.model_path, settings.model_cache_dir)
    texts = ["Is grooming a crime?", "Article 24 conditions and safeguards " * 40, "données"]
    assert np.abs(np.array(onnx.embed_documents(texts)) - np.array(torch_model.embed_documents(texts))).max() < 1e-5
    assert np.abs(np.array(onnx.embed_query(texts[0])) - np.array(torch_model.embed_query(texts[0]))).max() < 1e-5
    assert onnx.embed_documents([]) == []
    assert space_of(onnx) == space_of(torch_model)

    # The int8 copy is made once, from the exported model, into the cache; its vectors are near the
    # originals but not the same, so what was learned or indexed in one space is not used in the other.
    int8 = OnnxEmbeddings(settings.model_path, settings.model_cache_dir, quantized=True)
    assert int8.onnx_path.name.endswith("-int8.onnx") and int8.onnx_path.parent == onnx.onnx_path.parent
    cosines = (np.array(int8.embed_documents(texts)) * np.array(onnx.embed_documents(texts))).sum(axis=1)
    assert cosines.min() > 0.97 and not np.allclose(cosines, 1.0, atol=1e-5)
    assert space_of(int8) == space_of(onnx) + "+int8"

    # A batch job's batches side by side (python -m ingest): each text gets the vector it gets alone.
    side_by_side = OnnxEmbeddings(settings.model_path, settings.model_cache_dir, batch_size=4, batch_workers=2)
    many = [f"Article {n} " + "conditions and safeguards " * (n % 7) for n in range(21)]
    alone = np.array([onnx.embed_query(text) for text in many])
    assert np.abs(np.array(side_by_side.embed_documents(many)) - alone).max() < 1e-5


@pytest.mark.slow
def test_a_repeated_question_is_answered_from_the_cache_until_the_index_changes(mini_settings, embeddings):
    from assistant.chain import Assistant
    from assistant.store import PassageStore, make_client
    from ingest.pipeline import run_ingest

    store = PassageStore(make_client(mini_settings), mini_settings.collection)
    run_ingest(mini_settings, store=store, embeddings_factory=lambda: embeddings, progress=False)
    bot = Assistant(settings=mini_settings, store=store, embeddings=embeddings, use_llm=False)
    first = bot.ask("What is traffic data?")
    assert bot.ask("  What is   traffic data? ") is first  # the same question, cleaned
    assert bot.ask("What is traffic data?", [["What is illegal access?", "Article 1."]]) is not first
    full = bot.retriever.features
    bot.retriever.features = replace(full, routing=False)  # an ablation is answered afresh, not from the cache
    assert bot.ask("What is traffic data?") is not first
    bot.retriever.features = full
    assert bot.ask("What is traffic data?") is first
    news = mini_settings.corpus_dir / "commentary" / "news.md"
    news.write_text(news.read_text() + "\nA new paragraph about traffic data.\n")
    run_ingest(mini_settings, store=store, embeddings_factory=lambda: embeddings, progress=False)
    assert bot.ask("What is traffic data?") is not first  # a new index: answered again
    uncached = Assistant(settings=replace(mini_settings, answer_cache=0), store=store, embeddings=embeddings,
                         use_llm=False)
    assert uncached.ask("What is traffic data?") is not uncached.ask("What is traffic data?")


@pytest.mark.slow
def test_an_unchanged_ingest_loads_neither_torch_nor_the_model_nor_with_its_record_chroma(mini_settings, embeddings):
    from assistant.store import PassageStore, make_client
    from ingest.pipeline import run_ingest
    from ingest.record import record_path

    store = PassageStore(make_client(mini_settings), mini_settings.collection)
    assert run_ingest(mini_settings, store=store, embeddings_factory=lambda: embeddings, progress=False).published
    env = {**os.environ, "TREATYQA_CORPUS_DIR": str(mini_settings.corpus_dir),
           "TREATYQA_DATA_DIR": str(mini_settings.data_dir)}
    code = ("import sys; from ingest.__main__ import main; code = main(['--quiet']); "
            "heavy = sorted(m for m in ('torch', 'onnxruntime', 'sentence_transformers', 'pymupdf', 'chromadb') "
            "if m in sys.modules); print(code, heavy)")

    def unchanged_ingest() -> str:
        done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
        assert "index unchanged" in done.stdout, done.stdout + done.stderr
        return done.stdout.strip().splitlines()[-1]

    record_path(mini_settings).unlink()  # the full check against the index: Chroma, but no model
    assert unchanged_ingest() == "0 ['chromadb']"
    assert unchanged_ingest() == "0 []"  # the record it wrote: not even Chroma


@pytest.mark.slow
def test_the_benchmark_runs_on_a_tiny_corpus_and_reports_every_figure(mini_settings, embeddings, tmp_path, monkeypatch):
    from assistant import bench
    from assistant.store import PassageStore, make_client
    from ingest.pipeline import run_ingest

    store = PassageStore(make_client(mini_settings), mini_settings.collection)
    assert run_ingest(mini_settings, store=store, embeddings_factory=lambda: embeddings, progress=False).ok
    monkeypatch.setenv("TREATYQA_CORPUS_DIR", str(mini_settings.corpus_dir))
    monkeypatch.setenv("TREATYQA_DATA_DIR", str(mini_settings.data_dir))
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    output = tmp_path / "bench.json"
    assert bench.main(["--limit", "4", "--seconds", "1", "--clients", "1,2", "--compare-clients", "2",
                       "--growth", "3", "--full", "--output", str(output)]) == 0
    report = json.loads(output.read_text())

    assert {"date", "cores", "memory_gb", "load_average_start", "load_average_end"} <= set(report["machine"])
    process = report["in_process"]
    assert process["queries"] == 4 and process["startup_s"] > 0
    for part in ("retrieval", "answer_uncached", "answer_cached"):
        assert 0 < process[part]["p50_ms"] <= process[part]["p95_ms"]
    assert process["check_memo"]["characters"] > 0 and process["check_memo"]["max_s"] > 0
    assert report["baseline"]["chunks"] > 0 and report["baseline"]["search"]["p50_ms"] > 0
    growth = report["growth"]
    assert growth["passages"][1] == 3 * growth["passages"][0] and min(growth["retrieval_p50_ms"]) > 0
    ingest = report["ingest"]
    assert "index unchanged" in ingest["unchanged"]["output"] and ingest["unchanged"]["peak_rss_mb"] > 0
    assert f"{growth['passages'][0]} embedded" in ingest["cold"]["output"] and ingest["cold"]["peak_rss_mb"] > 0
    http = report["http"]
    assert http["start_to_first_answer_s"] > 0 and http["app_peak_rss_mb"] > 0
    assert [run["clients"] for run in http["throughput"]] == [1, 2]
    compare = http["api_vs_gradio"]
    runs = http["throughput"] + [compare["api"], compare["gradio"], compare["gradio_client_defaults"]]
    for run in runs:
        assert run["requests"] > 0 and run["errors"] == 0 and run["p50_ms"] <= run["p99_ms"]
    assert (compare["gradio"]["ssl_verify"], compare["gradio_client_defaults"]["ssl_verify"]) == (False, True)
    assert compare["gradio"]["client_cpu_ms_per_request"] > 0 and compare["gradio_client_defaults"]["client_cpu_ms_per_request"] > 0
    assert compare["gradio_p95_over_api_p95"] > 0 and compare["gradio_client_defaults_p95_over_api_p95"] > 0


@pytest.mark.slow
def test_the_app_stops_gradio_rebuilding_its_event_summary_after_every_event():
    """Gradio's queue reads GRADIO_ANALYTICS_CACHE_FREQUENCY when it is made; app.py sets it before that.
    (A Gradio that renamed the variable would fail here, and every answer would pay the pandas summary.)"""
    code = "import app, gradio as gr; print(gr.Blocks().queue()._queue.ANAYLTICS_CACHE_FREQUENCY)"
    env = {k: v for k, v in os.environ.items() if k != "GRADIO_ANALYTICS_CACHE_FREQUENCY"}
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert done.stdout.strip() == str(10**9), done.stdout + done.stderr
