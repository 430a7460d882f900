"""Corpus files -> LoadedDocument: text plus metadata (title, kind, source, date), validated.

Markdown carries YAML front matter; a plain-text or PDF file may have a sidecar `NAME.meta.yaml`.
Anything unreadable raises CorpusFileError naming the file and the reason.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.config import Settings
from assistant.models import DOC_KINDS
from ingest.pdf import PdfError, pdf_title, pdf_to_markdown
from ingest.structure import FRONT_MATTER

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".pdf": "pdf"}
SKIPPED_NAMES = {"README.md", "SOURCES.md"}  # documentation about the corpus, not corpus documents
# source/: the official PDF kept for provenance (its text is indexed from markdown); plain/: the
# plain-language layer, which ingest attaches to the provisions rather than indexing as documents.
SKIPPED_DIRS = {"source", "plain"}


class CorpusFileError(ValueError):
    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class LoadedDocument:
    doc_id: str
    path: Path
    kind: str
    title: str
    source: str
    date: str
    markdown: str  # the text, as markdown (PDFs are rebuilt into markdown)
    sha256: str


def discover(corpus_dir: Path) -> tuple[list[Path], list[CorpusFileError]]:
    """Corpus documents in a stable order (sidecars, hidden files and provenance files left out), and
    what could not be looked into: unreadable folders, and symlinks that loop, lead nowhere or lead to
    a folder (folders are not followed, so nothing is read twice or forever)."""
    found: list[Path] = []
    problems: list[CorpusFileError] = []

    def unreadable(exc: OSError) -> None:
        problems.append(CorpusFileError(Path(exc.filename), f"cannot read folder: {exc.strerror}"))

    for folder, dirs, files in os.walk(corpus_dir, onerror=unreadable):
        here = Path(folder)
        top = here == corpus_dir
        dirs[:] = [d for d in dirs if not d.startswith(".") and not (top and d in SKIPPED_DIRS)]
        for name in [d for d in dirs if (here / d).is_symlink()]:
            problems.append(CorpusFileError(here / name, "symlink to a folder; folders are not followed"))
            dirs.remove(name)
        for name in files:
            path = here / name
            if name.startswith(".") or name in SKIPPED_NAMES:
                continue
            if path.is_symlink() and not path.exists():
                problems.append(CorpusFileError(path, _dead_link(path)))
            elif path.is_file() and path.suffix.lower() in SUFFIXES:
                found.append(path)
    return sorted(found), sorted(problems, key=lambda p: p.path)


def _dead_link(path: Path) -> str:
    """Why a symlink leads to no file."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
    return f"broken symlink: {os.readlink(path)} does not exist"


def doc_id_for(path: Path, corpus_dir: Path) -> str:
    return path.relative_to(corpus_dir).with_suffix("").as_posix()


def file_hash(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    sidecar = _sidecar(path)
    if sidecar.exists():
        digest.update(sidecar.read_bytes())
    return digest.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".meta.yaml")


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise CorpusFileError(path, "binary file (NUL bytes); expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusFileError(path, f"not valid UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    # Unicode oddities that break matching but not meaning: NBSPs, zero-width characters.
    return re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", text).replace("\u00a0", " ")


def _metadata(path: Path, text: str) -> tuple[dict, str]:
    meta: dict = {}
    body = text
    if m := FRONT_MATTER.match(text):
        try:
            meta = yaml.safe_load(m.group(0).strip().strip("-")) or {}
        except yaml.YAMLError as exc:
            raise CorpusFileError(path, f"front matter is not valid YAML: {exc}") from exc
        body = text[m.end():]
    sidecar = _sidecar(path)
    if sidecar.exists():
        try:
            meta = {**(yaml.safe_load(sidecar.read_text("utf-8")) or {}), **meta}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise CorpusFileError(sidecar, f"not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise CorpusFileError(path, "front matter must be a mapping (title: ..., kind: ...)")
    return meta, body


def load(path: Path, corpus_dir: Path, max_bytes: int = Settings.max_file_bytes) -> LoadedDocument:
    size = path.stat().st_size
    if size == 0:
        raise CorpusFileError(path, "empty file")
    if size > max_bytes:  # embedding takes about a minute per MB of text on 2 cores
        limit = f"the limit is {max_bytes:,} bytes (TREATYQA_MAX_FILE_BYTES)"
        raise CorpusFileError(path, f"file is {size:,} bytes; {limit}")
    kind_of_file = SUFFIXES[path.suffix.lower()]
    if kind_of_file == "pdf":
        try:
            markdown = pdf_to_markdown(path)
        except PdfError as exc:
            raise CorpusFileError(path, str(exc)) from exc
        meta, _ = _metadata(path, "")
        meta.setdefault("title", pdf_title(path))
    else:
        meta, markdown = _metadata(path, _decode(path, path.read_bytes()))
    if not markdown.strip():
        raise CorpusFileError(path, "no text after the front matter")
    kind = str(meta.get("kind", "commentary"))
    if kind not in DOC_KINDS:
        raise CorpusFileError(path, f"unknown kind {kind!r}; expected one of {', '.join(DOC_KINDS)}")
    return LoadedDocument(
        doc_id=doc_id_for(path, corpus_dir),
        path=path,
        kind=kind,
        title=str(meta.get("title") or path.stem.replace("_", " ").replace("-", " ")),
        source=str(meta.get("source") or meta.get("publisher") or ""),
        date=str(meta.get("date") or ""),
        markdown=markdown,
        sha256=file_hash(path),
    )
