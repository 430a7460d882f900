"""Crash safety: a real ingest process is SIGKILLed at several points (tests/crash_driver.py); the
index is then the old one or the new one, complete, and the next ingest recovers."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading

import pytest

from assistant.config import PROJECT_ROOT
from assistant.store import PassageStore, make_client
from ingest import record
from ingest.pipeline import run_ingest
from tests.conftest import ingest_env

pytestmark = pytest.mark.slow


def snapshot(store: PassageStore) -> dict[str, str]:
    return {s.passage.id: s.passage.text for s in store.stored()}


def generations(store: PassageStore) -> set[str]:
    return {c.name for c in store.client.list_collections()} - {store.pointer_name}


def kill_at(point: str, settings) -> None:
    """Run the ingest until it stops at `point`, then SIGKILL it."""
    process = subprocess.Popen([sys.executable, "-m", "tests.crash_driver", point], cwd=PROJECT_ROOT,
                               env=ingest_env(settings), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    watchdog = threading.Timer(300, process.kill)  # a driver that never gets there must not hang the run
    watchdog.start()
    output = []
    try:
        for line in process.stdout:
            output.append(line)
            if line.strip() == f"STOPPED {point}":
                break
        else:
            pytest.fail(f"the ingest ended before reaching {point}:\n{''.join(output)}")
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()


@pytest.mark.parametrize("point", ["parsing", "embedding", "written", "published"])
def test_an_ingest_killed_at_any_point_leaves_the_old_or_the_new_index_and_the_next_recovers(
    point, mini_settings, embeddings
):
    def ingest():
        return run_ingest(mini_settings, store=store, embeddings_factory=lambda: embeddings, progress=False)

    store = PassageStore(make_client(mini_settings), mini_settings.collection)
    news = mini_settings.corpus_dir / "commentary" / "news.md"
    ingest()
    news.write_text(news.read_text() + "\nA first edit.\n")
    old = ingest().published  # two generations so far: the old index, and the one it replaced
    old_passages = snapshot(store)

    # The change the killed run was making: a file removed, and for the first two points (which need
    # text to parse and embed) a file edited. Removing alone needs no model, which keeps the run quick.
    (mini_settings.corpus_dir / "interpretative_notes.md").unlink()
    edited = point in ("parsing", "embedding")
    if edited:
        news.write_text(news.read_text() + "\n## Update\n\nCritics warn about ransomware negotiations.\n")
    kill_at(point, mini_settings)

    after_kill = (store.active_name(), snapshot(store))
    # Whatever the kill left, the next `python -m ingest` may not skip the full check (ingest/record.py).
    assert record.unchanged(mini_settings) is None
    recovery = ingest()
    assert recovery.ok, recovery.summary()
    new_passages = snapshot(store)
    assert {p.split("#")[0] for p in new_passages} == {"mini", "commentary/news"}
    assert edited == any("ransomware negotiations" in text for text in new_passages.values())
    if point == "published":  # the switch happened: the new index, complete; nothing left to publish
        assert after_kill == (store.active_name(), new_passages) and recovery.published is None
    else:  # killed before the switch: the old index, untouched; the next ingest publishes the change
        assert after_kill == (old, old_passages) and recovery.published
    # What the kill left (a collection never published, a generation not yet dropped) is gone; the one
    # the active index replaced stays, for a server still reading it.
    replaced = store.client.get_collection(store.pointer_name).metadata["replaced"]
    assert generations(store) == {store.active_name(), replaced}
    assert record.unchanged(mini_settings)["generation"] == store.active_name()
