"""python -m assistant.bench: speed of the parts a user waits for, on this machine, in one JSON report.

One run measures (README, "Benchmarks"):
- in process: start-up; retrieval and full offline answers over the development questions with the
  answer cache off, and a repeated (cached) question; the reference checker on a one-page memo
  (eval/check_memo.md); the naive baseline (assistant/baseline.py) searching the same questions;
- growth: the index replicated N times under distinct document ids (vectors copied, not embedded
  again), retrieval p50 at 1x and at Nx;
- ingest as users run it, whole processes with their peak memory: an unchanged corpus, and with
  --full a cold ingest into a fresh folder;
- the real app over HTTP (app.py, driven by assistant/loadtest.py): start to first answer, throughput
  at 1, 5, 20 and 50 clients (answer cache off), the Gradio /ask endpoint from 10 gradio_client
  clients (with ssl_verify=False, and with the client's defaults) beside the JSON API from 10, and the
  app's peak memory;
with the machine (cores, memory, load average, date). Settings come from the environment, as for the app.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from assistant.config import PROJECT_ROOT, Settings, load_settings

DEFAULT_OUTPUT = PROJECT_ROOT / "bench" / "results" / "bench.json"
FIRST_QUESTION = "Is grooming a crime?"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def p50_p95(milliseconds: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(milliseconds), 2), "p95_ms": round(percentile(milliseconds, 0.95), 2)}


def timed_ms(call, items) -> list[float]:
    """Milliseconds `call(item)` took, for each item."""
    times = []
    for item in items:
        started = time.perf_counter()
        call(item)
        times.append((time.perf_counter() - started) * 1000)
    return times


def machine() -> dict:
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), "0") if Path("/proc/meminfo").exists() else "0"
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "platform": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def in_process(settings: Settings, questions: list[str], rounds: int, memo_path: Path):
    """Start-up, retrieval, answers (uncached and cached) and the reference check; returns the figures
    and the assistant, whose model and index the later parts reuse."""
    from assistant.chain import Assistant
    from assistant.check import check_text

    started = time.perf_counter()
    assistant = Assistant(settings=replace(settings, answer_cache=0), use_llm=False)
    startup = time.perf_counter() - started
    for question in questions[:10]:  # warm-up
        assistant.ask(question)
    retrieval = timed_ms(assistant.retrieve, questions * rounds)
    answers = timed_ms(assistant.ask, questions * rounds)
    assistant.answers.size = 16  # the same assistant, now keeping answers
    assistant.ask(questions[0])
    repeat = timed_ms(assistant.ask, [questions[0]] * 50)
    memo = memo_path.read_text("utf-8")
    check_text(assistant, memo)  # warm-up
    checks = timed_ms(lambda _: check_text(assistant, memo), range(rounds))
    assistant.answers.size = 0
    figures = {
        "startup_s": round(startup, 2),
        "queries": len(retrieval),
        "retrieval": p50_p95(retrieval),
        "answer_uncached": p50_p95(answers),
        "answer_cached": p50_p95(repeat),
        "check_memo": {"characters": len(memo), "p50_s": round(statistics.median(checks) / 1000, 2),
                       "max_s": round(max(checks) / 1000, 2)},
    }
    return figures, assistant


def baseline(settings: Settings, assistant, questions: list[str]) -> dict:
    """The naive baseline (1000-character chunks, dense top-4) on the same questions and model."""
    from assistant.baseline import NaiveBaseline

    started = time.perf_counter()
    naive = NaiveBaseline(settings.corpus_dir, assistant.embeddings)
    build = time.perf_counter() - started
    return {"build_s": round(build, 2), "chunks": naive.collection.count(), "search": p50_p95(timed_ms(naive.search, questions))}


def growth(settings: Settings, assistant, questions: list[str], factor: int) -> dict:
    """Retrieval p50 over the index as it is and replicated `factor` times under distinct document ids."""
    from assistant.chain import Assistant
    from assistant.store import Manifest, PassageStore, StoredPassage, make_client

    stored = assistant.store.stored(with_embeddings=True)
    copies = [
        StoredPassage(replace(s.passage, id=f"{s.passage.id}~{n}", doc_id=f"{s.passage.doc_id}~{n}"), s.embed_hash, s.embedding)
        for n in range(factor) for s in stored
    ]
    with tempfile.TemporaryDirectory() as tmp:
        grown = replace(settings, data_dir=Path(tmp), chroma_host=None, answer_cache=0)
        store = PassageStore(make_client(grown), grown.collection)
        store.publish(copies, Manifest(model="replicated"))
        started = time.perf_counter()
        bigger = Assistant(settings=grown, store=store, embeddings=assistant.embeddings, use_llm=False)
        load = time.perf_counter() - started
        for question in questions[:10]:
            bigger.retrieve(question)
        one = statistics.median(timed_ms(assistant.retrieve, questions))
        many = statistics.median(timed_ms(bigger.retrieve, questions))
    return {
        "factor": factor,
        "passages": [len(stored), len(copies)],
        "retrieval_p50_ms": [round(one, 2), round(many, 2)],
        "ratio": round(many / one, 2),
        "startup_s_grown": round(load, 2),
    }


# Runs the command and reports its peak memory. A child forked from this process would first count
# this process's own memory (the model, the index) as its peak; forked from this small one it does not.
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run_process(command: list[str], env: dict[str, str]) -> dict:
    """Seconds and peak resident memory (MB) of a whole process, as a user starts it."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    # The ingest's report line ("467 chunks, ... embedded"); else the last line printed.
    lines = done.stdout.strip().splitlines() or [""]
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(int(done.stderr.split()[-1]) / 1024, 1),
            "output": next((line for line in lines if " chunks, " in line), lines[-1])}


def ingests(full: bool) -> dict:
    ingest = [sys.executable, "-m", "ingest", "--quiet"]
    figures = {"unchanged": run_process(ingest, dict(os.environ))}
    if full:
        with tempfile.TemporaryDirectory() as tmp:
            figures["cold"] = run_process(ingest, {**os.environ, "TREATYQA_DATA_DIR": tmp, "CHROMA_HOST": ""})
    return figures


def gradio_scenario(url: str, clients: int, seconds: float, questions: list[str], ssl_verify: bool = False) -> dict:
    """`clients` gradio_client clients calling the app's /ask endpoint for `seconds`, with the CPU time
    this (client) process spent per request.

    With its defaults, gradio_client builds a certificate-verifying TLS context, loading the CA bundle,
    for every call, even to a plain http:// URL: about 50 ms of CPU per question on the 2 cores the app
    also runs on, four times the app's whole cost of an answer (README, Benchmarks). The app is on plain
    http on loopback, where there is nothing to verify, so the main run passes ssl_verify=False; the
    defaults are measured too (ssl_verify=True)."""
    import resource

    from gradio_client import Client

    from assistant.loadtest import summary

    connections = [Client(f"{url}/", verbose=False, ssl_verify=ssl_verify) for _ in range(clients)]
    seen: list[tuple[float, int]] = []
    until = time.monotonic() + seconds

    def run(client, offset: int) -> None:
        n = offset
        while time.monotonic() < until:
            started = time.monotonic()
            try:
                answer = client.predict(questions[n % len(questions)], None, api_name="/ask")
                status = 500 if "error" in answer else 200
            except Exception:
                status = 0
            seen.append((time.monotonic() - started, status))
            n += clients

    def cpu() -> float:
        used = resource.getrusage(resource.RUSAGE_SELF)
        return used.ru_utime + used.ru_stime

    threads = [threading.Thread(target=run, args=(c, i)) for i, c in enumerate(connections)]
    before = cpu()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures = summary(clients, seen, seconds)
    figures["ssl_verify"] = ssl_verify
    figures["client_cpu_ms_per_request"] = round(1000 * (cpu() - before) / max(len(seen), 1), 1)
    return figures


def over_http(questions: list[str], seconds: float, client_counts: list[int], compare_clients: int,
              app_dir: Path = PROJECT_ROOT, settings: Settings | None = None) -> dict:
    """Start to first answer, throughput, Gradio against the JSON API (compare_clients > 0), and the
    app's peak memory. `app_dir` may hold another version of the app, run over `settings`' index."""
    import httpx

    from assistant.loadtest import free_port, rss_mb, scenario, start_app

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    index = {"TREATYQA_DATA_DIR": str(settings.data_dir), "TREATYQA_CORPUS_DIR": str(settings.corpus_dir)} if settings else {}
    figures: dict = {"seconds_per_scenario": seconds}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        app = start_app(port, Path(tmp) / "app.log", app_dir, TREATYQA_ANSWER_CACHE="0", **index)
        try:
            first = httpx.post(f"{url}/api/ask", json={"question": FIRST_QUESTION}, timeout=120)
            first.raise_for_status()
            figures["start_to_first_answer_s"] = round(time.perf_counter() - started, 2)
            asyncio.run(scenario(url, 2, min(3.0, seconds), questions))  # warm-up
            figures["throughput"] = [asyncio.run(scenario(url, n, seconds, questions)) for n in client_counts]
            if compare_clients:
                api = asyncio.run(scenario(url, compare_clients, seconds, questions))
                gradio = gradio_scenario(url, compare_clients, seconds, questions)
                defaults = gradio_scenario(url, compare_clients, seconds, questions, ssl_verify=True)
                figures["api_vs_gradio"] = {
                    "api": api, "gradio": gradio, "gradio_client_defaults": defaults,
                    "gradio_p95_over_api_p95": round(gradio["p95_ms"] / max(api["p95_ms"], 1), 2),
                    "gradio_client_defaults_p95_over_api_p95": round(defaults["p95_ms"] / max(api["p95_ms"], 1), 2),
                }
            figures["app_peak_rss_mb"] = rss_mb(app.pid, "VmHWM")
        finally:
            app.terminate()
            app.wait(timeout=30)
    for run in figures["throughput"] + [figures.get("api_vs_gradio", {}).get("api", {})]:
        for key in ("slow_clients", "slow_requests", "slow_p50_ms"):
            run.pop(key, None)
    return figures


def rows(report: dict) -> list[tuple[str, str]]:
    """The report as (measure, value) rows for the README table."""
    p, g, h, i = report["in_process"], report["growth"], report["http"], report["ingest"]
    b = report["baseline"]
    out = [
        ("assistant start-up in process (model, index, BM25)", f"{p['startup_s']:.2f} s"),
        (f"retrieval p50 / p95 ({p['queries']} queries)", f"{p['retrieval']['p50_ms']:.1f} / {p['retrieval']['p95_ms']:.1f} ms"),
        ("full offline answer p50 / p95, cache off", f"{p['answer_uncached']['p50_ms']:.1f} / {p['answer_uncached']['p95_ms']:.1f} ms"),
        ("the same question again (answer cache) p50", f"{p['answer_cached']['p50_ms']:.2f} ms"),
        (f"reference check of a one-page memo ({p['check_memo']['characters']:,} characters) p50 / max",
         f"{p['check_memo']['p50_s']:.2f} / {p['check_memo']['max_s']:.2f} s"),
        (f"naive baseline: build ({b['chunks']} chunks embedded) / search p50",
         f"{b['build_s']:.1f} s / {b['search']['p50_ms']:.1f} ms"),
        (f"growth: retrieval p50 at 1x / {g['factor']}x ({g['passages'][0]} / {g['passages'][1]} passages)",
         f"{g['retrieval_p50_ms'][0]:.1f} / {g['retrieval_p50_ms'][1]:.1f} ms ({g['ratio']:.2f}x)"),
        ("ingest, unchanged corpus (whole process) / peak memory",
         f"{i['unchanged']['seconds']:.2f} s / {i['unchanged']['peak_rss_mb']:.0f} MB"),
    ]
    if "cold" in i:
        out.append(("ingest from scratch (whole process) / peak memory",
                    f"{i['cold']['seconds']:.1f} s / {i['cold']['peak_rss_mb']:.0f} MB"))
    out.append(("app start to first answer (python app.py, then POST /api/ask)", f"{h['start_to_first_answer_s']:.2f} s"))
    for run in h["throughput"]:
        out.append((f"POST /api/ask, {run['clients']} clients: req/s, p50 / p95 / p99, errors",
                    f"{run['requests_per_s']} req/s, {run['p50_ms']} / {run['p95_ms']} / {run['p99_ms']} ms, {run['errors']}"))
    compare = h["api_vs_gradio"]
    for name, run in (("JSON API POST /api/ask", compare["api"]),
                      ("Gradio /ask (gradio_client, ssl_verify=False)", compare["gradio"]),
                      ("Gradio /ask (gradio_client defaults)", compare["gradio_client_defaults"])):
        client_cpu = f", client CPU {run['client_cpu_ms_per_request']} ms/request" if "client_cpu_ms_per_request" in run else ""
        out.append((f"{name}, {run['clients']} clients: req/s, p50 / p95, errors",
                    f"{run['requests_per_s']} req/s, {run['p50_ms']} / {run['p95_ms']} ms, {run['errors']}{client_cpu}"))
    out.append(("Gradio p95 / API p95 (ssl_verify=False; gradio_client defaults)",
                f"{compare['gradio_p95_over_api_p95']}x; {compare['gradio_client_defaults_p95_over_api_p95']}x"))
    out.append(("app peak memory (after all HTTP runs)", f"{h['app_peak_rss_mb']:.0f} MB"))
    if "http_before" in report:
        before = report["http_before"]
        out.append(("before (--before): app start to first answer", f"{before['start_to_first_answer_s']:.2f} s"))
        for run in before["throughput"]:
            out.append((f"before (--before): POST /api/ask, {run['clients']} clients",
                        f"{run['requests_per_s']} req/s, {run['p50_ms']} / {run['p95_ms']} / {run['p99_ms']} ms, {run['errors']}"))
        out.append(("before (--before): app peak memory", f"{before['app_peak_rss_mb']:.0f} MB"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=PROJECT_ROOT / "eval" / "dev.jsonl")
    parser.add_argument("--limit", type=int, default=300, help="questions used from the file (default 300)")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the questions")
    parser.add_argument("--full", action="store_true", help="also time a cold ingest into a fresh folder")
    parser.add_argument("--memo", type=Path, default=PROJECT_ROOT / "eval" / "check_memo.md",
                        help="the text the reference checker is timed on")
    parser.add_argument("--seconds", type=float, default=10, help="length of each HTTP scenario (default 10)")
    parser.add_argument("--clients", default="1,5,20,50", help="client counts of the throughput run")
    parser.add_argument("--compare-clients", type=int, default=10, help="clients of the Gradio against API run")
    parser.add_argument("--growth", type=int, default=10, help="how many times the index is replicated")
    parser.add_argument("--before", type=Path, help="a folder with another version of the app (e.g. `git archive "
                        "main | tar -x -C DIR`): its start to first answer and throughput over the same index, "
                        "in the same run")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"the JSON report (default {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)

    from assistant.eval import load_dataset

    settings = load_settings()
    questions = [q.question for q in load_dataset(args.questions)][: args.limit]
    report: dict = {"machine": machine()}
    report["in_process"], assistant = in_process(settings, questions, args.rounds, args.memo)
    report["baseline"] = baseline(settings, assistant, questions)
    report["growth"] = growth(settings, assistant, questions, args.growth)
    report["ingest"] = ingests(args.full)
    client_counts = [int(n) for n in args.clients.split(",")]
    report["http"] = over_http(questions, args.seconds, client_counts, args.compare_clients)
    if args.before:
        report["http_before"] = over_http(questions, args.seconds, client_counts, 0, args.before.resolve(), settings)
    report["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    m = report["machine"]
    print(f"{m['cores']} cores, {m['memory_gb']} GB, {m['platform']}, Python {m['python']}, {m['date']}; "
          f"load average {m['load_average_start'][0]} at the start, {m['load_average_end'][0]} at the end\n")
    print("| measure | value |\n|---|---|")
    for name, value in rows(report):
        print(f"| {name} | {value} |")
    print(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
