"""python -m assistant.bench: speed of the parts a user waits for, on this machine.

Retrieval and full answers are timed over the development questions after a warm-up; the reference
checker on a one-page memo (eval/check_memo.md); ingest for an unchanged corpus (the content-hash fast
path) and, with --full, for a rebuild into a fresh temporary index.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from assistant.config import PROJECT_ROOT, load_settings


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=PROJECT_ROOT / "eval" / "dev.jsonl")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the questions")
    parser.add_argument("--full", action="store_true", help="also time a full ingest into a fresh index")
    parser.add_argument("--memo", type=Path, default=PROJECT_ROOT / "eval" / "check_memo.md",
                        help="the text the reference checker is timed on")
    args = parser.parse_args(argv)

    from assistant.chain import Assistant
    from assistant.check import check_text
    from assistant.eval import load_dataset
    from ingest.pipeline import run_ingest

    settings = load_settings()
    started = time.perf_counter()
    assistant = Assistant(settings=settings, use_llm=False)
    startup = time.perf_counter() - started
    questions = [q.question for q in load_dataset(args.questions)]
    for question in questions[:10]:  # warm-up
        assistant.ask(question)
    retrieval, answers = [], []
    for _ in range(args.rounds):
        for question in questions:
            t = time.perf_counter()
            assistant.retrieve(question)
            retrieval.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            assistant.ask(question)
            answers.append((time.perf_counter() - t) * 1000)

    memo = args.memo.read_text("utf-8")
    check_text(assistant, memo)  # warm-up
    checks = []
    for _ in range(args.rounds):
        t = time.perf_counter()
        checked = check_text(assistant, memo)
        checks.append(time.perf_counter() - t)

    t = time.perf_counter()
    report = run_ingest(settings, store=assistant.store, progress=False)
    noop = time.perf_counter() - t
    rows = [
        ("assistant start-up (model, index, BM25)", f"{startup:.2f} s"),
        (f"retrieval p50 / p95 ({len(retrieval)} queries)", f"{statistics.median(retrieval):.1f} / {percentile(retrieval, 0.95):.1f} ms"),
        ("full offline answer p50 / p95", f"{statistics.median(answers):.1f} / {percentile(answers, 0.95):.1f} ms"),
        (f"reference check of a one-page memo ({len(memo):,} characters, {len(checked.references)} references, "
         f"{len(checked.claims)} claims) p50 / max", f"{statistics.median(checks):.2f} / {max(checks):.2f} s"),
        (f"ingest, unchanged corpus ({report.chunks} chunks)", f"{noop:.2f} s"),
    ]
    if args.full:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = replace(settings, data_dir=Path(tmp), chroma_host=None)
            t = time.perf_counter()
            full = run_ingest(fresh, embeddings_factory=lambda: assistant.embeddings, progress=False)
            rows.append((f"ingest from scratch ({full.chunks} chunks embedded)", f"{time.perf_counter() - t:.1f} s"))
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
