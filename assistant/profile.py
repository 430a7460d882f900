"""python -m assistant.profile: where a request's time goes in the running app, under load over HTTP.

Starts `app.py` (assistant/loadtest.py's start_app), has py-spy sample it while concurrent clients ask
development questions (loadtest's scenario), and sorts every sample into the stage of a request it was
taken in: the deepest frame of the stack that names a stage decides. The answer cache is off, so every
request does the whole work. py-spy counts threads that are running or waiting for a lock or the GIL,
so shares are of busy thread time, not of CPU. Needs the `bench` extra (py-spy).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

# (stage, text in a stack frame); the deepest frame that contains one of these names the stage.
STAGES: list[tuple[str, str]] = [
    ("embedding the question", "embed_query"),
    ("embedding the question", "embed_documents"),
    ("dense search (Chroma before, numpy now)", "dense_ranking"),
    ("dense search (Chroma before, numpy now)", "relevance_of"),
    ("BM25", "bm25_ranking"),
    ("fusion", "fuse ("),
    ("question-kind rules (answer type, scope)", "words_beside_answer"),
    ("question-kind rules (answer type, scope)", "assistant/scope.py"),
    ("rest of retrieval (references, definitions, ranking)", "Retriever."),
    ("composing the answer", "Assistant._answer "),
    ("spelling and follow-ups", "Speller."),
    ("spelling and follow-ups", "resolve_followup"),
    ("index pointer check (Chroma)", "Assistant.refresh"),
    ("index pointer check (Chroma)", "Assistant.switch_to_latest"),
    ("LangChain runnables", "langchain_core/runnables"),
    ("request log", "Logger."),
    ("answer cache and request bookkeeping", "Assistant."),
    ("JSON response", "to_dict"),
    ("thread pool hand-off", "concurrent/futures"),
    ("HTTP (uvicorn, Starlette, FastAPI) and the event loop", "uvicorn/"),
    ("HTTP (uvicorn, Starlette, FastAPI) and the event loop", "starlette/"),
    ("HTTP (uvicorn, Starlette, FastAPI) and the event loop", "fastapi/"),
    ("HTTP (uvicorn, Starlette, FastAPI) and the event loop", "asyncio/"),
    ("Gradio", "gradio/"),
]


def stage_of(stack: list[str]) -> str:
    for frame in reversed(stack):
        for stage, marker in STAGES:
            if marker in frame:
                return stage
    return "other"


def breakdown(raw: str) -> dict[str, int]:
    """Samples per stage from py-spy's raw (collapsed) output: `frame;frame;... count` per line."""
    counts: Counter[str] = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rstrip().rpartition(" ")
        if stack and count.isdigit():
            counts[stage_of(stack.split(";"))] += int(count)
    return dict(counts.most_common())


def table(counts: dict[str, int]) -> str:
    total = sum(counts.values()) or 1
    rows = [f"| {stage} | {n} | {100 * n / total:.1f}% |" for stage, n in counts.items()]
    return "\n".join(["| stage | samples | share |", "|---|---|---|", *rows, f"| total | {total} | |"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--raw", type=Path, help="also keep py-spy's samples here")
    args = parser.parse_args(argv)
    spy = shutil.which("py-spy", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if spy is None:
        print("py-spy not found: pip install -e '.[bench]'", file=sys.stderr)
        return 2

    from assistant.config import PROJECT_ROOT
    from assistant.eval import load_dataset
    from assistant.loadtest import free_port, scenario, start_app

    questions = [q.question for q in load_dataset(PROJECT_ROOT / "eval" / "dev.jsonl") if not q.out_of_scope]
    with tempfile.TemporaryDirectory() as tmp:
        raw = args.raw or Path(tmp) / "samples.txt"
        port = free_port()
        app = start_app(port, Path(tmp) / "app.log", TREATYQA_ANSWER_CACHE="0")
        url = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(scenario(url, 2, 3, questions))  # warm-up
            sampler = subprocess.Popen([spy, "record", "-p", str(app.pid), "-o", str(raw), "-f", "raw",
                                        "-d", str(args.seconds), "-r", "50", "--nonblocking"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            run = asyncio.run(scenario(url, args.clients, args.seconds, questions))
            sampler.wait(timeout=args.seconds + 60)
        finally:
            app.terminate()
            app.wait(timeout=30)
        print(f"{args.clients} clients, {args.seconds} s: {run['requests_per_s']} req/s, p50 {run['p50_ms']} ms, "
              f"p95 {run['p95_ms']} ms; load average {os.getloadavg()[0]:.1f}\n")
        print(table(breakdown(raw.read_text())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
