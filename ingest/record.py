"""The publish record: a small file that lets `python -m ingest` answer "unchanged" without Chroma.

Importing chromadb alone takes about half a second, half of a no-op ingest. So after each ingest that
ends with a complete, published index (embedded Chroma only), a record of what it was built from is
written beside the index, atomically: the content hashes of the corpus files, the plain-language layer's
hash, the model, the chunker, and the name of the published generation. The next ingest hashes the
corpus first; if everything matches the record, *and* Chroma's own database still points at that
generation (read-only, with the standard library's sqlite3), it stops there.

The record is only ever a shortcut, never the truth: a missing, unreadable, stale or contradicted record,
a Chroma server (whose state no local file can vouch for), `--rebuild`, or anything unexpected in Chroma's
database sends the ingest to the full check against the index itself. It is deleted before an ingest
publishes and written again only after the new pointer is in place, so a run killed anywhere in between
leaves no record and the next run does the full check (which also drops what the killed run left).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

from assistant.config import Settings
from assistant.files import write_beside_then_rename

VERSION = 1
# What must match between the record and the corpus as it is now; the counts are only reported.
COMPARED = ("version", "collection", "corpus_dir", "model", "chunk_max_chars", "chunker", "layer", "files")


def record_path(settings: Settings) -> Path:
    return settings.data_dir / f"{settings.collection}.ingest.json"


def layer_hash(folder: Path) -> str:
    """One hash over the plain-language layer's files: a change re-attaches the layer to every
    document (only passages whose searched text changed are embedded again)."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprint(settings: Settings, model: str, layer: str, files: dict[str, str]) -> dict:
    """What an index was built from, in the record's terms."""
    from ingest.chunk import CHUNKER_VERSION

    return {
        "version": VERSION,
        "collection": settings.collection,
        "corpus_dir": str(settings.corpus_dir.resolve()),
        "model": model,
        "chunk_max_chars": settings.chunk_max_chars,
        "chunker": CHUNKER_VERSION,
        "layer": layer,
        "files": dict(sorted(files.items())),
    }


def current_fingerprint(settings: Settings) -> dict | None:
    """The corpus as it is now; None when anything about it would be reported (an unreadable file or
    folder, a broken link, no documents): the full ingest reports it."""
    from assistant.knowledge import PLAIN_DIR_NAME
    from assistant.store import model_id_for
    from ingest.loaders import discover, doc_id_for, file_hash

    if not settings.corpus_dir.is_dir():
        return None
    try:
        paths, problems = discover(settings.corpus_dir)
        if problems or not paths:
            return None
        files = {doc_id_for(path, settings.corpus_dir): file_hash(path) for path in paths}
        if len(files) != len(paths):  # two files for one document id: the full ingest reports it
            return None
        layer = layer_hash(settings.corpus_dir / PLAIN_DIR_NAME)
    except OSError:
        return None
    return fingerprint(settings, model_id_for(settings), layer, files)


def published_generation(settings: Settings) -> str | None:
    """The generation the embedded Chroma's pointer names, if that collection exists, read straight from
    its SQLite file without importing chromadb; None for a server, no index, or anything unexpected."""
    if settings.server_mode:
        return None
    database = settings.data_dir / "chroma" / "chroma.sqlite3"
    if not database.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            rows = connection.execute(
                "SELECT m.str_value FROM collections c JOIN collection_metadata m ON m.collection_id = c.id "
                "WHERE c.name = ? AND m.key = 'collection'", (f"{settings.collection}__active",)
            ).fetchall()
            if len(rows) != 1 or not rows[0][0]:
                return None
            generation = rows[0][0]
            found = connection.execute("SELECT COUNT(*) FROM collections WHERE name = ?", (generation,)).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:  # another Chroma version's schema, a locked or damaged file: ask Chroma instead
        return None
    return generation if found and found[0] == 1 else None


def read_record(settings: Settings) -> dict | None:
    try:
        record = json.loads(record_path(settings).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def unchanged(settings: Settings) -> dict | None:
    """The record, if the corpus is exactly what the published index was built from; else None."""
    if settings.server_mode:
        return None
    record = read_record(settings)
    if record is None or record.get("version") != VERSION:
        return None
    now = current_fingerprint(settings)
    if now is None or any(record.get(key) != now[key] for key in COMPARED):
        return None
    generation = record.get("generation")
    if not generation or published_generation(settings) != generation:
        return None
    return record


def write_record(settings: Settings, fingerprint: dict, generation: str, counts: dict[str, int]) -> None:
    """Written beside and renamed (with fsync), so a reader sees the old record, none, or the new one."""
    if settings.server_mode:
        return
    def write(path: Path) -> None:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({**fingerprint, "generation": generation, **counts}, out, indent=1, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())

    try:
        write_beside_then_rename(record_path(settings), write)
    except OSError:  # only a shortcut: without it the next ingest does the full check
        pass


def forget(settings: Settings) -> None:
    """Before anything is published: until the new record is written, the next ingest checks in full.
    A Chroma server's ingest leaves the embedded index's record in the same data folder alone."""
    if settings.server_mode:
        return
    try:
        record_path(settings).unlink(missing_ok=True)
    except OSError:
        pass
