"""The ingest run: discover -> load -> chunk -> embed what is new -> publish atomically.

Content hashes make it incremental: files whose hash matches the index keep their passages and
embeddings; only new or changed text is embedded. A file that fails to load is reported and, if it was
indexed before, keeps its previous passages, so a bad file never costs the index anything.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from tqdm import tqdm

from assistant.config import Settings
from assistant.knowledge import (
    PLAIN_DIR_NAME, KnowledgeError, layer_texts, load_plain_layer, validate_layer, with_layer,
)
from assistant.models import Passage
from assistant.store import Manifest, PassageStore, StoredPassage, make_client, model_id_for
from ingest.chunk import (
    CHUNKER_VERSION,
    DocumentInfo,
    convention_passages,
    generic_passages,
    note_passages,
    resolution_passages,
    stable_ids,
)
from ingest.loaders import CorpusFileError, LoadedDocument, discover, doc_id_for, file_hash, load
from ingest.record import fingerprint, forget, layer_hash, write_record
from ingest.structure import StructureError, parse_convention


if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

# Texts handed to the model at once, longest first. On 2 cores, 467 passages took 20.2 CPU-s in batches
# of 16, 22.6 in batches of 32 and 26.2 in batches of 64 (README, Benchmarks).
EMBED_BATCH = 16


def _make_embeddings(settings: Settings) -> Embeddings:
    """The model, loaded only when something must be embedded (a no-op ingest never gets here). An ingest
    is a batch job, so it embeds on every core (the server's one thread per question is for latency):
    a cold ingest on 2 cores took 39.8 s with one thread, 23.4 s with two. With ONNX Runtime, each core
    takes a batch of its own (fewer CPU-seconds than two threads on one batch); torch splits each batch."""
    import os

    from assistant.embeddings import make_embeddings

    cores = os.cpu_count() or 1
    if settings.onnx_runtime:
        return make_embeddings(settings, batch_workers=max(1, cores // settings.embed_threads))
    return make_embeddings(replace(settings, embed_threads=max(settings.embed_threads, cores)))


@dataclass
class IngestReport:
    documents: int = 0
    chunks: int = 0
    articles: int = 0
    embedded: int = 0
    seconds: float = 0.0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[CorpusFileError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # plain-language layer entries that do not fit the text
    published: str | None = None  # the new collection, or None when nothing changed

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        state = f"published {self.published}" if self.published else "index unchanged"
        lines = [
            f"{self.documents} documents, {self.chunks} chunks, {self.articles} articles; "
            f"{self.embedded} embedded; {self.seconds:.1f} s; {state}",
        ]
        for title, names in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            if names:
                lines.append(f"{title}: {', '.join(names)}")
        lines += [f"error: {error}" for error in self.errors]
        lines += [f"warning: plain-language layer: {warning}" for warning in self.warnings]
        return "\n".join(lines)


def passages_for(doc: LoadedDocument, max_chars: int) -> list[Passage]:
    """Chunk a document according to its kind."""
    info = DocumentInfo(doc.doc_id, doc.kind, doc.title, doc.source, doc.date)
    if doc.kind == "treaty":
        try:
            return stable_ids(convention_passages(parse_convention(doc.markdown), info, max_chars))
        except StructureError as exc:
            raise CorpusFileError(doc.path, f"treaty structure not recognised: {exc}") from exc
    if doc.kind == "interpretative_note":
        passages = note_passages(doc.markdown, info)
    elif doc.kind == "resolution":
        passages = resolution_passages(doc.markdown, info, max_chars)
    else:
        passages = generic_passages(doc.markdown, info, max_chars)
    if not passages:
        raise CorpusFileError(doc.path, "no text to index")
    return stable_ids(passages)


def _behind(doc_id: str, unreachable: Path) -> bool:
    """Is the document at the path that could not be read, or in a folder that could not be?"""
    return doc_id == unreachable.with_suffix("").as_posix() or doc_id.startswith(f"{unreachable.as_posix()}/")


def embed_hash(passage: Passage, model: str) -> str:
    return hashlib.sha256(f"{model}\n{passage.embedding_text}".encode()).hexdigest()


def run_ingest(
    settings: Settings,
    store: PassageStore | None = None,
    embeddings_factory: Callable[[], Embeddings] | None = None,
    rebuild: bool = False,
    progress: bool = True,
) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    store = store or PassageStore(make_client(settings), settings.collection)
    model = model_id_for(settings)
    old = store.manifest() or Manifest()
    layer_folder = settings.corpus_dir / PLAIN_DIR_NAME
    try:
        layer_version = layer_hash(layer_folder)
    except OSError as exc:
        return _layer_failed(report, layer_folder, exc, started)
    same_build = (
        not rebuild
        and old.model == model
        and old.chunk_max_chars == settings.chunk_max_chars
        and old.chunker == CHUNKER_VERSION
        and old.layer == layer_version
    )

    paths, unreachable = discover(settings.corpus_dir) if settings.corpus_dir.is_dir() else ([], [])
    report.errors += unreachable
    if not paths:
        report.errors.append(CorpusFileError(settings.corpus_dir, "no documents (.md, .txt, .pdf) found"))
        report.seconds = time.perf_counter() - started
        return report

    hashes: dict[str, str] = {}
    for path in paths:
        try:
            hashes[doc_id_for(path, settings.corpus_dir)] = file_hash(path)
        except OSError as exc:
            report.errors.append(CorpusFileError(path, f"cannot read: {exc.strerror}"))
    if same_build and hashes == old.files and not report.errors:
        # Decided by hashes alone: the layer is not parsed and the model not loaded (README, "Benchmarks").
        store.drop_inactive()  # what an ingest killed after publishing left
        return _recorded(_finish(report, store.passages(), started), settings, store,
                         fingerprint(settings, model, layer_version, hashes), store.active_name())
    try:
        layer = load_plain_layer(layer_folder)
    except (KnowledgeError, OSError) as exc:
        return _layer_failed(report, layer_folder, exc, started)

    previous = {s.passage.id: s for s in store.stored(with_embeddings=True)}
    previous_by_doc: dict[str, list[StoredPassage]] = {}
    for item in previous.values():
        previous_by_doc.setdefault(item.passage.doc_id, []).append(item)
    known_vectors = {s.embed_hash: s.embedding for s in previous.values()}

    kept: list[StoredPassage] = []
    fresh: list[Passage] = []
    files: dict[str, str] = {}

    def keep_previous(doc_id: str) -> None:
        """A file that fails this time keeps what was indexed before, and is retried next run."""
        if doc_id in old.files:
            kept.extend(previous_by_doc.get(doc_id, []))
            files[doc_id] = old.files[doc_id]

    for path in paths:
        doc_id = doc_id_for(path, settings.corpus_dir)
        if doc_id not in hashes:  # unreadable, already reported
            keep_previous(doc_id)
            continue
        if doc_id in files:
            report.errors.append(CorpusFileError(path, f"another file already provides document {doc_id!r}"))
            continue
        if same_build and old.files.get(doc_id) == hashes[doc_id]:
            kept.extend(previous_by_doc.get(doc_id, []))
            files[doc_id] = hashes[doc_id]
            continue
        try:
            document = load(path, settings.corpus_dir, settings.max_file_bytes)
            fresh.extend(passages_for(document, settings.chunk_max_chars))
            files[doc_id] = hashes[doc_id]
            (report.changed if doc_id in old.files else report.added).append(doc_id)
        except CorpusFileError as exc:
            report.errors.append(exc)
            keep_previous(doc_id)
    for doc_id in set(old.files) - set(files):  # behind an unreadable folder or a broken link
        if any(_behind(doc_id, problem.path.relative_to(settings.corpus_dir)) for problem in unreachable):
            keep_previous(doc_id)
    report.removed = sorted(set(old.files) - set(files))
    if layer:
        fresh = with_layer(fresh, layer)
        if fresh:
            report.warnings = validate_layer(layer, layer_texts(fresh + [s.passage for s in kept]))

    items = list(kept)
    to_embed = []
    for passage in fresh:
        key = embed_hash(passage, model)
        if key in known_vectors:
            items.append(StoredPassage(passage, key, known_vectors[key]))
        else:
            to_embed.append((passage, key))
    if to_embed:
        embedder = (embeddings_factory or (lambda: _make_embeddings(settings)))()
        # Longest first, so that each batch holds texts of about one length: a batch is padded to its
        # longest text, and in corpus order nearly every batch of 32 had one near the 256-token limit.
        # Same vectors (padding is masked out); half the CPU time for a cold ingest (README, Benchmarks).
        by_length = sorted(range(len(to_embed)), key=lambda i: -len(to_embed[i][0].embedding_text))
        vectors: list = [None] * len(to_embed)
        batch = EMBED_BATCH
        with tqdm(total=len(to_embed), desc="Embedding", unit="chunk", disable=not progress) as bar:
            for start in range(0, len(by_length), batch):
                chunk = by_length[start:start + batch]
                for i, vector in zip(chunk, embedder.embed_documents([to_embed[i][0].embedding_text for i in chunk])):
                    vectors[i] = vector
                bar.update(len(chunk))
        items.extend(StoredPassage(p, key, v) for (p, key), v in zip(to_embed, vectors))
        report.embedded = len(to_embed)

    ids = [s.passage.id for s in items]
    if len(ids) != len(set(ids)):
        raise RuntimeError("duplicate passage ids; this is a bug in chunking")
    manifest = Manifest(
        files=files,
        model=model,
        chunk_max_chars=settings.chunk_max_chars,
        chunker=CHUNKER_VERSION,
        layer=layer_version,
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    unchanged = same_build and files == old.files and store.exists()
    if items and not unchanged:
        forget(settings)  # no record until the new index is published (ingest/record.py)
        report.published = store.publish(items, manifest)
    else:
        store.drop_inactive()
    report = _finish(report, [s.passage for s in items] if items else store.passages(), started)
    return _recorded(report, settings, store, fingerprint(settings, model, layer_version, files),
                     report.published or (store.active_name() if unchanged else None))


def _recorded(report: IngestReport, settings: Settings, store: PassageStore, built_from: dict,
              generation: str | None) -> IngestReport:
    """A complete, error-free index: record what it was built from, so that the next ingest of the same
    corpus can say so without opening Chroma (ingest/record.py)."""
    if report.ok and generation and not settings.server_mode:
        counts = {"documents": report.documents, "chunks": report.chunks, "articles": report.articles}
        write_record(settings, built_from, generation, counts)
    return report


def _layer_failed(report: IngestReport, folder, exc: Exception, started: float) -> IngestReport:
    """A broken layer would silently weaken every answer: nothing is published."""
    report.errors.append(CorpusFileError(folder, f"plain-language layer not loaded: {exc}"))
    report.seconds = time.perf_counter() - started
    return report


def _finish(report: IngestReport, passages: list[Passage], started: float) -> IngestReport:
    report.documents = len({p.doc_id for p in passages})
    report.chunks = len(passages)
    report.articles = len({p.article for p in passages if p.doc_kind == "treaty" and p.article})
    report.seconds = time.perf_counter() - started
    return report
