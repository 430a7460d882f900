"""Run the real `python -m ingest` and stop it at a named point until the test SIGKILLs it.

    python -m tests.crash_driver POINT      (POINT: parsing, embedding, written, published)

At the point it prints `STOPPED POINT` and sleeps, so the kill lands exactly there:

- parsing:   the first corpus file is loaded, the others are not;
- embedding: the first batch of passages is embedded, the rest are not;
- written:   the new collection is written in full, the pointer not yet switched to it;
- published: the pointer is switched, the generations it replaced not yet dropped.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from chromadb.api.models.Collection import Collection

import ingest.pipeline
from assistant.onnx_embeddings import OnnxEmbeddings
from assistant.embeddings import LocalEmbeddings
from assistant.store import PassageStore
from ingest.__main__ import main


def stop(point: str) -> None:
    print(f"STOPPED {point}", flush=True)
    time.sleep(3600)


def stop_around(owner: Any, name: str, point: str, before: bool = False) -> None:
    """Make the first call of owner.name stop at `point`, before it runs or after it returns."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        if before:
            stop(point)
        result = original(*args, **kwargs)
        stop(point)
        return result

    setattr(owner, name, wrapper)


POINTS = {
    "parsing": lambda: stop_around(ingest.pipeline, "load", "parsing"),
    # Whichever backend TREATYQA_EMBED_BACKEND picks.
    "embedding": lambda: [stop_around(c, "embed_documents", "embedding") for c in (LocalEmbeddings, OnnxEmbeddings)],
    "written": lambda: stop_around(Collection, "add", "written"),  # the mini corpus fits in one write
    "published": lambda: stop_around(PassageStore, "drop_inactive", "published", before=True),
}

if __name__ == "__main__":
    POINTS[sys.argv[1]]()
    sys.exit(main(["--quiet"]))
