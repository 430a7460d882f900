"""python -m assistant.check_eval eval/check.jsonl [--output RESULTS.jsonl]

Scores the reference checker on sentences written from the text, each with one reference (or a claim
without one) and its gold verdict and provision. Prints: references found, verdict accuracy, wrong ones
flagged, false alarms on right ones, the right provision in the top 3 suggestions of wrong ones, other
treaties recognised, references read where there are none, and accuracy by kind of row.

A row: {"id", "kind", "text", "ref": the reference as written or null for a claim, "cited": its
canonical label, "verdict": gold or null (another treaty's article, or no reference at all),
"provision": [labels of the provision that says it]}.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from assistant.check import NONEXISTENT, NOT_SUPPORTED, SUGGESTIONS, SUPPORTED, VERDICTS, CheckReport, Checked
from assistant.files import write_jsonl

TARGETS = {"found": 0.98, "accuracy": 0.85, "flagged": 0.90, "false_alarms": 0.10, "top3": 0.80}


@dataclass(frozen=True)
class Row:
    id: str
    kind: str
    text: str
    ref: str | None
    cited: str | None
    verdict: str | None
    provision: tuple[str, ...]


class DatasetError(ValueError):
    pass


def load_rows(path: Path) -> list[Row]:
    rows = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            row = Row(str(d["id"]), str(d["kind"]), str(d["text"]), d.get("ref"), d.get("cited"), d.get("verdict"),
                      tuple(d.get("provision") or ()))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DatasetError(f"{path}:{number}: not a check row ({exc})") from exc
        if row.verdict is not None and row.verdict not in VERDICTS:
            raise DatasetError(f"{path}:{number}: unknown verdict {row.verdict!r}")
        if row.ref is not None and row.ref not in row.text:
            raise DatasetError(f"{path}:{number}: the reference {row.ref!r} is not in the text")
        rows.append(row)
    if not rows:
        raise DatasetError(f"{path}: no rows")
    return rows


def covers(label: str, gold: str) -> bool:
    """A suggestion names the gold provision or a part of it ("Article 40(15)(a)" for "Article 40(15)")."""
    return label == gold or label.startswith(gold + "(")


def target(row: Row, report: CheckReport) -> Checked | None:
    """The checked reference (or claim) the row is about."""
    if row.ref is None:
        return report.claims[0] if report.claims else None
    start = row.text.index(row.ref)
    end = start + len(row.ref)
    return next((c for c in report.references if c.start < end and start < c.end and c.label == row.cited), None)


def recognised_as_another_treaty(o: "Outcome") -> bool:
    """The row's reference is reported as another instrument's and not checked against this Convention."""
    start = o.row.text.index(o.row.ref)
    end = start + len(o.row.ref)
    return (any(i.start < end and start < i.end for i in o.report.other_instruments)
            and not any(c.start < end and start < c.end for c in o.report.references))


@dataclass
class Outcome:
    row: Row
    checked: Checked | None
    report: CheckReport
    seconds: float

    @property
    def verdict(self) -> str | None:
        return self.checked.verdict if self.checked else None

    @property
    def top3(self) -> bool:
        labels = [s.label for s in (self.checked.suggestions if self.checked else [])][:SUGGESTIONS]
        return any(covers(label, gold) for label in labels for gold in self.row.provision)


def score(outcomes: list[Outcome]) -> dict[str, float]:
    references = [o for o in outcomes if o.row.ref is not None and o.row.verdict is not None]
    judged = [o for o in outcomes if o.row.verdict is not None]
    wrong = [o for o in judged if o.row.verdict != SUPPORTED]
    right = [o for o in judged if o.row.verdict == SUPPORTED]
    misplaced = [o for o in judged if o.row.verdict in (NOT_SUPPORTED, NONEXISTENT) and o.row.provision]
    others = [o for o in outcomes if o.row.kind == "other_treaty"]
    none = [o for o in outcomes if o.row.kind == "not_a_reference"]

    def share(part: list, whole: list) -> float:
        return len(part) / len(whole) if whole else 0.0

    return {
        "references": len(references),
        "claims": len(judged) - len(references),
        "found": share([o for o in references if o.checked], references),
        "accuracy": share([o for o in judged if o.verdict == o.row.verdict], judged),
        "flagged": share([o for o in wrong if o.verdict not in (None, SUPPORTED)], wrong),
        "false_alarms": share([o for o in right if o.verdict != SUPPORTED], right),
        "top3": share([o for o in misplaced if o.top3], misplaced),
        "other_treaties": share([o for o in others if recognised_as_another_treaty(o)], others),
        "spurious": sum(len(o.report.references) for o in none),
        "p50_ms": statistics.median(o.seconds * 1000 for o in outcomes),
    }


def by_kind(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in outcomes:
        if o.row.verdict is not None:
            counts[o.row.kind][0] += o.verdict == o.row.verdict
            counts[o.row.kind][1] += 1
    return {kind: (c[0], c[1]) for kind, c in counts.items()}


def run(rows: list[Row], check) -> list[Outcome]:
    outcomes = []
    for row in rows:
        started = time.perf_counter()
        report = check(row.text)
        outcomes.append(Outcome(row, target(row, report), report, time.perf_counter() - started))
    return outcomes


def summary(metrics: dict[str, float], kinds: dict[str, tuple[int, int]]) -> str:
    lines = [
        f"references {metrics['references']}, claims without a reference {metrics['claims']}",
        "| measure | value | target |",
        "|---|---|---|",
        f"| references found | {metrics['found']:.3f} | ≥ {TARGETS['found']:.2f} |",
        f"| verdict accuracy | {metrics['accuracy']:.3f} | ≥ {TARGETS['accuracy']:.2f} |",
        f"| wrong ones flagged | {metrics['flagged']:.3f} | ≥ {TARGETS['flagged']:.2f} |",
        f"| false alarms on right ones | {metrics['false_alarms']:.3f} | ≤ {TARGETS['false_alarms']:.2f} |",
        f"| right provision in top 3 suggestions | {metrics['top3']:.3f} | ≥ {TARGETS['top3']:.2f} |",
        f"| other treaties' articles recognised | {metrics['other_treaties']:.3f} | |",
        f"| references read in text without any | {metrics['spurious']:.0f} | 0 |",
        f"| p50 per row | {metrics['p50_ms']:.0f} ms | |",
        "",
        "| kind | right verdicts |",
        "|---|---|",
    ]
    lines += [f"| {kind} | {good}/{total} |" for kind, (good, total) in kinds.items()]
    return "\n".join(lines)


def result_row(o: Outcome) -> dict:
    c = o.checked
    return {
        "id": o.row.id, "kind": o.row.kind, "gold": o.row.verdict, "verdict": o.verdict,
        "gold_provision": list(o.row.provision), "label": c.label if c else None,
        "suggestions": [s.label for s in c.suggestions] if c else [], "reason": c.reason if c else None,
        "score": c.score if c else None, "text": o.row.text,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.check_eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path, help="JSONL rows (see the module's docstring)")
    parser.add_argument("--output", type=Path, help="write one JSON line per row with the checker's verdict")
    args = parser.parse_args(argv)
    try:
        rows = load_rows(args.dataset)
    except (OSError, DatasetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    from assistant.chain import Assistant
    from assistant.check import check_text

    assistant = Assistant(use_llm=False)
    check_text(assistant, "Article 7 requires States to criminalize illegal access.")  # warm-up
    outcomes = run(rows, lambda text: check_text(assistant, text))
    if args.output:
        write_jsonl(args.output, (result_row(o) for o in outcomes))
    print(f"{len(rows)} rows from {args.dataset}")
    print(summary(score(outcomes), by_kind(outcomes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
