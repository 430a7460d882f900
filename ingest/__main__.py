"""python -m ingest: build or update the Chroma index from corpus/."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from assistant.config import load_settings


def main(argv: list[str] | None = None) -> int:
    settings = load_settings()
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description=(
            "Chunk the corpus along the treaty's structure, embed it with a local model and publish it "
            "to Chroma. Unchanged files are skipped by content hash; a bad file is reported and the "
            "previous index stays intact."
        ),
        epilog="Settings come from TREATYQA_* variables and CHROMA_HOST/CHROMA_PORT (see README).",
    )
    parser.add_argument("--corpus", type=Path, default=settings.corpus_dir,
                        help=f"folder of documents (default: {settings.corpus_dir})")
    parser.add_argument("--rebuild", action="store_true", help="re-embed everything, even unchanged files")
    parser.add_argument("--if-missing", action="store_true", help="do nothing if an index already exists")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    settings = replace(settings, corpus_dir=args.corpus.resolve())
    # First without Chroma, whose import alone is half of a no-op ingest: the embedded index's own
    # database names a published generation, and the publish record says what it was built from.
    # Anything short of a clear answer is left to the full check below (ingest/record.py).
    from ingest import record

    if args.if_missing and record.published_generation(settings) is not None:
        print(f"Index present in {settings.describe_store()}; skipping ingest.")
        return 0
    if not (args.if_missing or args.rebuild) and (found := record.unchanged(settings)) is not None:
        print(f"Ingesting {settings.corpus_dir} into {settings.describe_store()} ...")
        print(f"{found.get('documents', 0)} documents, {found.get('chunks', 0)} chunks, "
              f"{found.get('articles', 0)} articles; 0 embedded; index unchanged "
              f"(every file as recorded for {found['generation']})")
        return 0

    from assistant.store import PassageStore, StoreError, make_client
    from ingest.pipeline import run_ingest

    try:
        store = PassageStore(make_client(settings), settings.collection)
        if args.if_missing and store.exists():
            print(f"Index present in {settings.describe_store()}; skipping ingest.")
            return 0
        print(f"Ingesting {settings.corpus_dir} into {settings.describe_store()} ...", flush=True)
        report = run_ingest(settings, store=store, rebuild=args.rebuild, progress=not args.quiet)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
