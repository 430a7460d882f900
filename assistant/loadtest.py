"""python -m assistant.loadtest: the real app under concurrent clients on loopback.

Starts `app.py` on a free 127.0.0.1 port over the local index, then for a bounded time per scenario
sends development questions to POST /api/ask from 5, 20 and 50 concurrent clients, and runs the
slow-request scenario: 5 clients beside one that keeps asking a 2 kB question (1,000 one-letter words),
whose p95 must stay within 2x of the 5 clients alone. Prints requests/s, p50/p95/p99, errors and the
server's memory, writes them to a JSON file, and exits 1 on any error or a slow-request ratio over 2.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from assistant.bench import percentile
from assistant.config import PROJECT_ROOT

SLOW_QUESTION = "x " * 1000  # the 2 kB question that once held a worker for 13-19 s
MAX_SLOWDOWN = 2.0  # p95 beside the slow question / p95 of the same clients alone


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def client(http: httpx.AsyncClient, questions: list[str], until: float, seen: list[tuple[float, int]],
                 seed: int, problems: list[str] | None = None) -> None:
    """Ask one question after another until `until`, recording (seconds, status); status 0 is no answer.
    What went wrong is described in `problems`, so a failed run says why."""
    rng = random.Random(seed)
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            response = await http.post("/api/ask", json={"question": rng.choice(questions)})
            status = response.status_code
            problem = f"{status}: {response.text[:200]}" if status != 200 else ""
        except httpx.HTTPError as exc:
            status, problem = 0, f"{type(exc).__name__}: {exc}"[:200]
        seen.append((time.monotonic() - started, status))
        if problem and problems is not None:
            problems.append(problem)


async def scenario(url: str, clients: int, seconds: float, questions: list[str], slow_clients: int = 0) -> dict:
    """`clients` asking `questions` (and `slow_clients` asking SLOW_QUESTION) for `seconds`."""
    normal: list[tuple[float, int]] = []
    slow: list[tuple[float, int]] = []
    problems: list[str] = []
    limits = httpx.Limits(max_connections=clients + slow_clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(client(http, questions, until, normal, seed, problems) for seed in range(clients)),
            *(client(http, [SLOW_QUESTION], until, slow, seed, problems) for seed in range(slow_clients)),
        )
    slow_latencies = [seconds_taken * 1000 for seconds_taken, _ in slow] or [0.0]
    return {
        **summary(clients, normal, seconds),
        "slow_clients": slow_clients,
        "errors": sum(status != 200 for _, status in normal + slow),
        "slow_requests": len(slow),
        "slow_p50_ms": round(percentile(slow_latencies, 0.50)),
        "error_samples": problems[:3],
    }


def summary(clients: int, seen: list[tuple[float, int]], seconds: float) -> dict:
    """Requests/s, latency percentiles and errors of (seconds, status) pairs; status 200 is success."""
    latencies = [seconds_taken * 1000 for seconds_taken, _ in seen] or [0.0]
    return {
        "clients": clients,
        "requests": len(seen),
        "requests_per_s": round(len(seen) / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.50)),
        "p95_ms": round(percentile(latencies, 0.95)),
        "p99_ms": round(percentile(latencies, 0.99)),
        "errors": sum(status != 200 for _, status in seen),
    }


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """The server's resident memory (Linux), to see that it stays flat; field="VmHWM" gives its peak."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def start_app(port: int, log: Path, app_dir: Path = PROJECT_ROOT, **settings: str) -> subprocess.Popen:
    """`app_dir`/app.py on 127.0.0.1:port, offline, with extra TREATYQA_* `settings`; returns once it
    is healthy."""
    env = {**os.environ, "TREATYQA_LLM_PROVIDER": "none", **settings}
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=app_dir, env=env,
                                   stdout=out, stderr=out)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the app exited:\n{log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit(f"the app did not start within 180 s:\n{log.read_text()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.loadtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="length of each scenario (default 20)")
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "bench" / "results" / "load.json")
    args = parser.parse_args(argv)

    from assistant.eval import load_dataset

    questions = [q.question for q in load_dataset(PROJECT_ROOT / "eval" / "dev.jsonl") if not q.out_of_scope]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    port = free_port()
    # Cache off: every question is answered, as a stream of new questions would be (the slow one too).
    app = start_app(port, args.output.with_suffix(".app.log"), TREATYQA_ANSWER_CACHE="0")
    url = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(scenario(url, 2, 3, questions))  # warm-up
        runs = []
        for clients, slow_clients in ((5, 0), (20, 0), (50, 0), (5, 1)):
            runs.append(asyncio.run(scenario(url, clients, args.seconds, questions, slow_clients)))
            runs[-1]["server_rss_mb"] = rss_mb(app.pid)
            print(_row(runs[-1]), flush=True)
    finally:
        app.terminate()
        app.wait(timeout=30)
    ratio = runs[3]["p95_ms"] / max(runs[0]["p95_ms"], 1)
    result = {
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
        "seconds_per_scenario": args.seconds,
        "scenarios": runs,
        "slow_request_p95_ratio": round(ratio, 2),
        "ok": ratio <= MAX_SLOWDOWN and not any(run["errors"] for run in runs),
    }
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"p95 of 5 clients beside a 2 kB question / alone: {ratio:.2f} (limit {MAX_SLOWDOWN})")
    print(f"{'ok' if result['ok'] else 'FAILED'}; written to {args.output}")
    return 0 if result["ok"] else 1


def _row(run: dict) -> str:
    who = f"{run['clients']} clients" + (f" + {run['slow_clients']} asking 2 kB" if run["slow_clients"] else "")
    slow = f"  2 kB p50 {run['slow_p50_ms']} ms" if run["slow_clients"] else ""
    return (f"{who:<28} {run['requests']:>6} requests {run['requests_per_s']:>6} req/s  p50 {run['p50_ms']:>5} ms  "
            f"p95 {run['p95_ms']:>5} ms  p99 {run['p99_ms']:>5} ms  errors {run['errors']}  "
            f"server {run['server_rss_mb']} MB{slow}")


if __name__ == "__main__":
    sys.exit(main())
