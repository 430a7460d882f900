"""Ingestion into a real embedded Chroma with the real embedding model."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import httpx
import numpy as np
import pytest

from assistant.config import PROJECT_ROOT
from assistant.store import PassageStore, make_client
from ingest import record
from ingest.pipeline import run_ingest
from tests.conftest import CORPUS, ingest_command, ingest_env, serve

pytestmark = pytest.mark.slow


def ingest(settings, embeddings, **kwargs):
    store = PassageStore(make_client(settings), settings.collection)
    return run_ingest(settings, store=store, embeddings_factory=lambda: embeddings, progress=False, **kwargs), store


def snapshot(store):
    return {s.passage.id: (s.embed_hash, s.passage.text) for s in store.stored()}


def test_reingest_of_unchanged_corpus_changes_nothing(mini_settings, embeddings):
    first, store = ingest(mini_settings, embeddings)
    assert first.ok and first.published and first.embedded == first.chunks
    before, active = snapshot(store), store.active_name()
    again, store = ingest(mini_settings, embeddings)
    assert again.published is None and again.embedded == 0
    assert snapshot(store) == before and store.active_name() == active
    assert again.chunks == first.chunks and again.documents == 3 and again.articles == 2


def test_changed_file_replaces_exactly_its_chunks(mini_settings, embeddings):
    _, store = ingest(mini_settings, embeddings)
    before = snapshot(store)
    news = mini_settings.corpus_dir / "commentary" / "news.md"
    news.write_text(news.read_text() + "\nA new closing paragraph about ransomware negotiations.\n")
    report, store = ingest(mini_settings, embeddings)
    after = snapshot(store)
    assert report.changed == ["commentary/news"] and report.published
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed and all(k.startswith("commentary/news#") for k in changed)
    assert any("ransomware negotiations" in text for _, text in after.values())


def test_removed_file_loses_its_chunks(mini_settings, embeddings):
    ingest(mini_settings, embeddings)
    (mini_settings.corpus_dir / "interpretative_notes.md").unlink()
    report, store = ingest(mini_settings, embeddings)
    assert report.removed == ["interpretative_notes"]
    assert {p.doc_id for p in store.passages()} == {"mini", "commentary/news"}


def test_bad_files_leave_the_previous_index_intact(mini_settings, embeddings):
    _, store = ingest(mini_settings, embeddings)
    before, active = snapshot(store), store.active_name()
    (mini_settings.corpus_dir / "mini.md").write_bytes(b"\x00\x01\x02 broken")  # a good file goes bad
    (mini_settings.corpus_dir / "new.pdf").write_bytes(b"%PDF-1.4 truncated")  # a bad new file
    official = (CORPUS / "source" / "A_RES_79_243-EN.pdf").read_bytes()
    (mini_settings.corpus_dir / "cut.pdf").write_bytes(official[: len(official) // 200])  # pages unreadable
    (mini_settings.corpus_dir / "commentary" / "news.txt").symlink_to("gone.txt")  # beside news.md
    report, store = ingest(mini_settings, embeddings)
    assert not report.ok
    assert {e.path.name for e in report.errors} == {"cut.pdf", "mini.md", "new.pdf", "news.txt"}
    assert snapshot(store) == before and store.active_name() == active
    hits = store.active().query(query_embeddings=[embeddings.embed_query("illegal access")], n_results=1)
    assert hits["metadatas"][0][0]["label"] == "Article 1"


def test_an_unreadable_file_or_folder_is_reported_and_keeps_its_passages(mini_settings, embeddings):
    (mini_settings.corpus_dir / "notes").mkdir()
    (mini_settings.corpus_dir / "interpretative_notes.md").rename(mini_settings.corpus_dir / "notes" / "in.md")
    _, store = ingest(mini_settings, embeddings)
    before, active = snapshot(store), store.active_name()
    file, folder = mini_settings.corpus_dir / "commentary" / "news.md", mini_settings.corpus_dir / "notes"
    file.chmod(0)
    folder.chmod(0)
    done = ingest_command(mini_settings, readable_by_all=False)
    file.chmod(0o644)
    folder.chmod(0o755)
    assert done.returncode == 1
    assert f"error: {file}: cannot read: Permission denied" in done.stdout
    assert f"error: {folder}: cannot read folder: Permission denied" in done.stdout
    assert "removed" not in done.stdout and "index unchanged" in done.stdout
    assert snapshot(store) == before and store.active_name() == active


def test_new_model_or_rebuild_reembeds(mini_settings, embeddings):
    first, _ = ingest(mini_settings, embeddings)
    report, _ = ingest(mini_settings, embeddings, rebuild=True)
    assert report.published and report.embedded == 0  # same texts: vectors reused, collection rebuilt
    smaller = replace(mini_settings, chunk_max_chars=300)
    report, _ = ingest(smaller, embeddings)
    assert report.published and report.chunks >= first.chunks


def test_full_corpus_index_and_retrieval_smoke(full_index, embeddings):
    settings, store = full_index
    passages = store.passages()
    assert {p.doc_kind for p in passages} == {"treaty", "interpretative_note", "resolution", "commentary"}
    assert len({p.article for p in passages if p.doc_kind == "treaty" and p.article}) == 68
    note = next(p for p in passages if p.label == "Interpretative note 4")
    assert note.interprets == (23, 35)
    hits = store.active().query(query_embeddings=[embeddings.embed_query("illegal access")], n_results=3)
    assert 7 in [m.get("article") for m in hits["metadatas"][0]]


def test_running_assistant_switches_to_a_newly_published_index(mini_settings, embeddings):
    from assistant.chain import Assistant

    _, store = ingest(mini_settings, embeddings)
    bot = Assistant(settings=mini_settings, store=store, embeddings=embeddings, use_llm=False)
    before = bot.collection
    assert "ransomware negotiations" not in bot.ask("What do critics say about ransomware negotiations?").text

    news = mini_settings.corpus_dir / "commentary" / "news.md"
    news.write_text(news.read_text() + "\nCritics also warn about ransomware negotiations with criminals.\n")
    report, _ = ingest(mini_settings, embeddings)
    names = [c.name for c in store.client.list_collections()]
    assert before in names  # the replaced generation survives, so a server still on it keeps working
    answer = bot.ask("What do critics say about ransomware negotiations?")
    assert bot.collection == report.published != before
    assert "ransomware negotiations" in answer.text

    ingest_again = news.read_text() + "\nA third edit.\n"
    news.write_text(ingest_again)
    ingest(mini_settings, embeddings)
    assert before not in [c.name for c in store.client.list_collections()]  # two generations back: gone


def test_a_stray_generation_is_dropped_and_the_one_replaced_is_kept(mini_settings, embeddings):
    news = mini_settings.corpus_dir / "commentary" / "news.md"
    ingest(mini_settings, embeddings)
    news.write_text(news.read_text() + "\nA second edit.\n")
    in_use, store = ingest(mini_settings, embeddings)  # a running app reads this generation
    # What an ingest killed between writing its collection and publishing it leaves behind:
    store.client.create_collection(store.new_generation_name())
    news.write_text(news.read_text() + "\nA third edit.\n")
    latest, store = ingest(mini_settings, embeddings)
    names = {c.name for c in store.client.list_collections()}
    assert names == {store.pointer_name, latest.published, in_use.published}


def test_health_after_an_outside_ingest_describes_the_new_index(mini_settings, embeddings):
    from assistant.chain import Assistant
    from assistant.web.api import create_app

    _, store = ingest(mini_settings, embeddings)
    bot = Assistant(settings=mini_settings, store=store, embeddings=embeddings, use_llm=False)
    with serve(create_app(bot)) as port:
        news = mini_settings.corpus_dir / "commentary" / "news.md"
        news.write_text(news.read_text() + "\n## Update\n\nA new section about ransomware.\n")
        report, _ = ingest(mini_settings, embeddings)  # published while the app runs
        assert report.chunks > len(bot.index.passages)
        health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=60).json()
    assert (health["collection"], health["passages"]) == (report.published, report.chunks)


def test_dropped_pdf_and_text_files_are_indexed(mini_settings, embeddings):
    import pymupdf

    corpus = mini_settings.corpus_dir
    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 120), "Victims of online fraud should report it to the police quickly.", fontsize=11)
    document.save(corpus / "brief.pdf")
    (corpus / "brief.pdf.meta.yaml").write_text("title: Victim guide\nkind: commentary\nsource: A helpline\n")
    (corpus / "notes.txt").write_text("A plain text note.\nIt wraps over two lines\nwithout full stops")
    report, store = ingest(mini_settings, embeddings)
    assert report.ok and set(report.added) >= {"brief", "notes"}
    by_doc = {p.doc_id: p for p in store.passages()}
    assert by_doc["brief"].doc_title == "Victim guide" and by_doc["brief"].source == "A helpline"
    assert "report it to the police" in by_doc["brief"].text
    assert by_doc["notes"].text == "A plain text note. It wraps over two lines without full stops"


def test_passage_ids_survive_a_reingest_after_an_earlier_part_is_edited(mini_settings, embeddings):
    """Ids are the document and the label: an edit earlier in a document shifts no other passage's id."""
    _, store = ingest(mini_settings, embeddings)
    before = {p.label: p.id for p in store.passages()}
    treaty = mini_settings.corpus_dir / "mini.md"
    treaty.write_text(treaty.read_text().replace(
        "without right.", "without right.\n\n2. Each State Party may require dishonest intent."))
    report, store = ingest(mini_settings, embeddings)
    after = {p.label: p.id for p in store.passages()}
    assert report.published and "Article 1(2)" in after
    assert before["Article 2(b)"] == after["Article 2(b)"] == "mini#article-2-b"
    assert {label: after[label] for label in before if label in after} == before
    assert before.keys() - after.keys() <= {"Article 1"}  # the edited article's one passage became 1(1)


def cli(settings, *args: str) -> tuple[str, bool]:
    """`python -m ingest --quiet ARGS` in a real process: what it printed, and whether it imported chromadb."""
    code = ("import sys; from ingest.__main__ import main; code = main(['--quiet', *sys.argv[1:]]); "
            "print('exit', code, 'chromadb' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=PROJECT_ROOT, env=ingest_env(settings),
                          capture_output=True, text=True, timeout=300)
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("exit 0 "), done.stdout + done.stderr
    return done.stdout, last.endswith("True")


def test_an_unchanged_corpus_is_answered_from_the_publish_record_without_chroma(mini_settings, embeddings):
    first, store = ingest(mini_settings, embeddings)
    assert record.unchanged(mini_settings)["generation"] == first.published
    output, opened_chroma = cli(mini_settings)
    assert not opened_chroma and "index unchanged" in output and first.published in output
    assert f"{first.documents} documents, {first.chunks} chunks, {first.articles} articles" in output
    output, opened_chroma = cli(mini_settings, "--if-missing")
    assert not opened_chroma and "skipping ingest" in output
    output, opened_chroma = cli(mini_settings, "--rebuild")  # never shortened: it rebuilds
    assert opened_chroma and "published" in output and store.active_name() != first.published
    assert record.unchanged(mini_settings)["generation"] == store.active_name()  # and records the new one


def test_a_missing_damaged_or_stale_publish_record_leaves_the_decision_to_the_index(mini_settings, embeddings):
    first, store = ingest(mini_settings, embeddings)
    path = record.record_path(mini_settings)
    saved = path.read_text()

    path.unlink()  # missing: the full check says unchanged, and writes the record again
    output, opened_chroma = cli(mini_settings)
    assert opened_chroma and "index unchanged" in output and store.active_name() == first.published
    assert record.unchanged(mini_settings)["generation"] == first.published

    path.write_text(saved[: len(saved) // 2])  # damaged
    output, opened_chroma = cli(mini_settings)
    assert opened_chroma and "index unchanged" in output and record.unchanged(mini_settings)

    news = mini_settings.corpus_dir / "commentary" / "news.md"
    original = news.read_text()
    news.write_text(original + "\nA new paragraph about quokka negotiations.\n")  # the corpus changed
    assert record.unchanged(mini_settings) is None
    output, opened_chroma = cli(mini_settings)
    assert opened_chroma and "changed: commentary/news" in output
    edited = store.active_name()

    # The record agrees with the corpus but not with what is published: say a racing ingest left the
    # old record after the edited corpus was published. The index decides: the edit is taken back out.
    news.write_text(original)
    path.write_text(saved)
    assert record.published_generation(mini_settings) == edited != first.published
    assert record.unchanged(mini_settings) is None
    output, opened_chroma = cli(mini_settings)
    assert opened_chroma and "changed: commentary/news" in output
    assert not any("quokka" in p.text for p in store.passages())


def test_if_missing_ingests_an_empty_data_folder(mini_settings, embeddings):
    assert record.published_generation(mini_settings) is None
    done = ingest_command(mini_settings, "--if-missing")
    assert done.returncode == 0 and "published" in done.stdout, done.stdout + done.stderr
    assert record.unchanged(mini_settings) is not None


def test_the_publish_record_is_for_the_embedded_index_only(mini_settings, embeddings):
    """An ingest into a Chroma server neither trusts nor touches the record of the embedded index that
    shares its data folder."""
    ingest(mini_settings, embeddings)
    saved = record.record_path(mini_settings).read_text()
    server = replace(mini_settings, chroma_host="127.0.0.1")
    record.forget(server)
    record.write_record(server, {"files": {}}, "elsewhere", {})
    assert record.record_path(mini_settings).read_text() == saved
    assert record.unchanged(server) is None and record.published_generation(server) is None
    assert record.unchanged(mini_settings) is not None


def test_each_passage_keeps_its_own_vector_when_embedded_longest_first(mini_settings, embeddings):
    """The ingest embeds in order of length, not of the corpus; every vector still lands on its passage."""
    report, store = ingest(mini_settings, embeddings)
    stored = store.stored(with_embeddings=True)
    assert report.embedded == len(stored) > 3
    texts = [s.passage.embedding_text for s in stored]
    assert len({len(t) for t in texts}) > 3  # the order really changes
    expected = np.array(embeddings.embed_documents(texts))
    assert np.abs(np.array([s.embedding for s in stored]) - expected).max() < 1e-5
