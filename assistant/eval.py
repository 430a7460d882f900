"""python -m assistant.eval DATASET.jsonl --output RESULTS.jsonl

Scores the assistant on a question set, next to ablations (one retrieval feature off at a time) and a
naive baseline (fixed 1000-character chunks, dense top-4, same embedding model), all in one run.
Retrieval metrics are computed on the ranked passages for in-scope questions; abstention is scored
separately on out-of-scope questions (should abstain) and in-scope ones (should not).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from dataclasses import dataclass, replace
from typing import Callable
from pathlib import Path

from assistant.files import write_jsonl
from assistant.models import Answer, Citation


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    articles: tuple[int, ...]
    out_of_scope: bool
    paragraphs: tuple[str, ...] = ()  # gold provisions, most specific first: "16(1)", "2(h)", "Interpretative note 1"
    yes_no: str | None = None  # "yes" | "no" | "depends" for a question that asks yes or no
    history: tuple[tuple[str, str], ...] = ()  # earlier turns, for follow-ups
    kind: str = ""  # plain, story, staff, yes_no, followup, out_of_scope, ... (from the id when not given)

    @property
    def gold(self) -> set:
        """What counts as a right provision at article level: the articles, and the documents or notes
        named by non-article paragraph labels."""
        return set(self.articles) | {provision_of(p) for p in self.paragraphs}


class DatasetError(ValueError):
    pass


YES_NO = ("yes", "no", "depends")


def provision_of(label: str) -> int | str:
    """The article of a short label ("16(1)" -> 16), else the document or note it names
    ("Resolution 79/243, para. 2" -> "Resolution 79/243", "Interpretative note 1" stays)."""
    label = label.removeprefix("Article ")
    head = re.match(r"(\d+)(?:\(|$)", label)
    return int(head.group(1)) if head else label.split(",")[0].split(" #")[0]


def short_label(label: str) -> str:
    return label.removeprefix("Article ")


def label_matches(cited: str, gold: str) -> bool:
    """A citation is right when it is the gold provision or lies within it ("14(1)(a)" in "14(1)")."""
    cited, gold = short_label(cited), short_label(gold)
    return cited == gold or cited.startswith(gold + "(")


def _kind(row: dict, out_of_scope: bool) -> str:
    if row.get("kind"):
        return str(row["kind"])
    prefix = re.sub(r"[-_]?\d+$", "", str(row["id"])).split("-")[-1]
    return "out_of_scope" if out_of_scope or prefix in ("oos", "noprov") else prefix


def load_dataset(path: Path) -> list[Question]:
    questions = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out_of_scope = bool(row.get("out_of_scope", False))
            yes_no = row.get("yes_no")
            if yes_no not in (None, *YES_NO):
                raise ValueError(f"yes_no must be one of {YES_NO} or null, not {yes_no!r}")
            q = Question(
                str(row["id"]), str(row["question"]), tuple(int(a) for a in row.get("articles", [])), out_of_scope,
                paragraphs=tuple(str(p) for p in row.get("paragraphs") or []),
                yes_no=yes_no,
                history=tuple((str(u), str(a)) for u, a in row.get("history") or []),
                kind=_kind(row, out_of_scope),
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise DatasetError(f"{path}:{number}: not a question line ({exc})") from exc
        if not q.out_of_scope and not q.gold:
            raise DatasetError(f"{path}:{number}: in-scope question {q.id!r} has no gold articles or paragraphs")
        questions.append(q)
    if not questions:
        raise DatasetError(f"{path}: no questions")
    return questions


def result_row(q: Question, answer: Answer, retrieved: list[dict], latency_ms: float) -> dict:
    return {
        "id": q.id,
        "kind": q.kind,
        "question": q.question,
        "answer": answer.text,
        "summary": answer.summary,
        "yes_no": answer.yes_no,
        "abstained": answer.abstained,
        "retrieved": retrieved,
        "citations": [
            {"label": c.label, "article": c.article, "paragraph": c.paragraph, "doc_kind": c.doc_kind}
            for c in answer.citations
        ],
        "latency_ms": round(latency_ms, 1),
    }


def _provision_of_row(item: dict) -> int | str:
    return item["article"] if item.get("article") is not None and item.get("doc_kind") == "treaty" else (
        provision_of(item.get("label", "")) if item.get("label") else item.get("article"))


def score(questions: list[Question], rows: list[dict]) -> dict[str, float]:
    """hit@1, hit@5, MRR (article level), citation precision, paragraph accuracy of the first citation,
    cited-paragraph precision, yes/no accuracy, abstention on out-of-scope, false abstention."""
    in_scope = [(q, r) for q, r in zip(questions, rows) if not q.out_of_scope]
    out_scope = [(q, r) for q, r in zip(questions, rows) if q.out_of_scope]
    hit1 = hit5 = rr = 0.0
    cited = cited_gold = 0
    with_paragraphs = first_right = para_cited = para_right = 0
    for q, r in in_scope:
        provisions = [_provision_of_row(item) for item in r["retrieved"]]
        rank = next((i for i, a in enumerate(provisions[:10], start=1) if a in q.gold), None)
        hit1 += rank == 1
        hit5 += rank is not None and rank <= 5
        rr += 1 / rank if rank else 0
        for c in r["citations"]:
            cited += 1
            cited_gold += _provision_of_row(c) in q.gold
        if q.paragraphs:
            with_paragraphs += 1
            labels = [c["label"] for c in r["citations"]]
            first_right += bool(labels) and any(label_matches(labels[0], g) for g in q.paragraphs)
            para_cited += len(labels)
            para_right += sum(any(label_matches(label, g) for g in q.paragraphs) for label in labels)
    asked = [(q, r) for q, r in zip(questions, rows) if q.yes_no]
    n = max(len(in_scope), 1)
    latencies = [r["latency_ms"] for r in rows]
    nan = float("nan")
    return {
        "questions": len(rows),
        "hit@1": hit1 / n if in_scope else nan,
        "hit@5": hit5 / n if in_scope else nan,
        "mrr": rr / n if in_scope else nan,
        "citation_precision": cited_gold / cited if cited else nan,
        "first_paragraph": first_right / with_paragraphs if with_paragraphs else nan,
        "paragraph_precision": para_right / para_cited if para_cited else nan,
        "yes_no": sum(r["yes_no"] == q.yes_no for q, r in asked) / len(asked) if asked else nan,
        "abstention_oos": sum(r["abstained"] for _, r in out_scope) / len(out_scope) if out_scope else nan,
        "false_abstention": sum(r["abstained"] for _, r in in_scope) / n if in_scope else nan,
        "p50_ms": statistics.median(latencies),
    }


def by_kind(questions: list[Question], rows: list[dict]) -> dict[str, dict[str, float]]:
    """The same scores for each kind of question (plain, story, staff, yes_no, followup, ...)."""
    kinds = sorted({q.kind for q in questions})
    return {
        f"{kind} ({sum(q.kind == kind for q in questions)})": score(
            [q for q in questions if q.kind == kind], [r for q, r in zip(questions, rows) if q.kind == kind]
        )
        for kind in kinds
    }


def run(questions: list[Question], answer_one: Callable[[Question], tuple[Answer, list[dict]]]) -> list[dict]:
    """Answer every question, timing each, and shape the result rows."""
    rows = []
    for q in questions:
        started = time.perf_counter()
        answer, retrieved = answer_one(q)
        rows.append(result_row(q, answer, retrieved, (time.perf_counter() - started) * 1000))
    return rows


def assistant_answer(assistant) -> Callable[[Question], tuple[Answer, list[dict]]]:
    def answer_one(q: Question) -> tuple[Answer, list[dict]]:
        answer = assistant.ask(q.question, [list(turn) for turn in q.history])
        retrieved = [
            {"article": h.passage.article, "paragraph": h.passage.paragraph, "doc_kind": h.passage.doc_kind,
             "label": h.passage.label}
            for h in answer.retrieved[:10]
        ]
        return answer, retrieved

    return answer_one


def baseline_answer(baseline) -> Callable[[Question], tuple[Answer, list[dict]]]:
    """The naive baseline answers with its top chunks, each cited."""
    def answer_one(q: Question) -> tuple[Answer, list[dict]]:
        question = q.question
        chunks = baseline.search(question)
        answer = Answer(question=question, text="\n\n".join(c["text"] for c in chunks), mode="baseline")
        answer.citations = [
            Citation(label=f"chunk {c['id']}", article=c["article"], paragraph=None, subparagraph=None, title=None,
                     doc_kind=c["doc_kind"], quote=c["text"], score=c["score"]) for c in chunks
        ]
        return answer, [{"article": c["article"], "paragraph": None, "doc_kind": c["doc_kind"], "label": ""}
                        for c in chunks]

    return answer_one


COLUMNS = ["hit@1", "hit@5", "mrr", "citation_precision", "first_paragraph", "paragraph_precision", "yes_no",
           "abstention_oos", "false_abstention", "p50_ms"]


def _cell(column: str, value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:.0f}" if column == "p50_ms" else f"{value:.3f}"


def table(results: dict[str, dict[str, float]], first: str = "system") -> str:
    lines = [f"| {first} | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    for name, metrics in results.items():
        lines.append(f"| {name} | " + " | ".join(_cell(c, metrics[c]) for c in COLUMNS) + " |")
    return "\n".join(lines)


def without_layer(assistant):
    """The same assistant over an index built from the corpus without its plain-language layer, in a
    temporary folder (the real index is not touched): what the layer adds, measured."""
    import atexit
    import shutil
    import tempfile

    from assistant.chain import Assistant
    from assistant.knowledge import PLAIN_DIR_NAME
    from ingest.pipeline import run_ingest

    folder = Path(tempfile.mkdtemp(prefix="treatyqa-nolayer-"))
    atexit.register(shutil.rmtree, folder, True)
    corpus = folder / "corpus"
    shutil.copytree(assistant.settings.corpus_dir, corpus, ignore=shutil.ignore_patterns(PLAIN_DIR_NAME))
    settings = replace(assistant.settings, corpus_dir=corpus, data_dir=folder / "data", chroma_host=None)
    run_ingest(settings, embeddings_factory=lambda: assistant.embeddings, progress=False)
    return Assistant(settings=settings, embeddings=assistant.embeddings, use_llm=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path, help="JSONL: {id, question, articles: [int], out_of_scope, and optionally "
                        "paragraphs: [\"16(1)\", ...], yes_no: \"yes\"|\"no\"|\"depends\", history: [[user, assistant]], kind}")
    parser.add_argument("--output", type=Path, required=True, help="JSONL results of the full system")
    parser.add_argument("--no-compare", action="store_true", help="skip the ablations and the baseline")
    args = parser.parse_args(argv)
    try:
        questions = load_dataset(args.dataset)
    except (OSError, DatasetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    from assistant.chain import Assistant

    assistant = Assistant(use_llm=False)
    assistant.ask("warm-up question about illegal access")
    rows = run(questions, assistant_answer(assistant))
    write_jsonl(args.output, rows)
    results = {"treaty-qa (full)": score(questions, rows)}
    if not args.no_compare:
        full = assistant.retriever.features
        for name, features in [
            ("without dense passage ranking", replace(full, dense=False)),
            ("without reference routing", replace(full, routing=False)),
            ("without the learned recogniser of unanswerable questions", replace(full, unanswerable=False)),
            ("without the learned query adapter (dense and BM25 fused)", replace(full, adapter=False)),
            ("without the learned query adapter or BM25", replace(full, adapter=False, bm25=False)),
            ("without the learned yes/no verdict (rules only)", replace(full, yes_no_model=False)),
        ]:
            assistant.retriever.features = features
            results[name] = score(questions, run(questions, assistant_answer(assistant)))
        assistant.retriever.features = full
        results["without the plain-language layer"] = score(questions, run(questions, assistant_answer(
            without_layer(assistant))))
        from assistant.baseline import NaiveBaseline

        baseline = NaiveBaseline(assistant.settings.corpus_dir, assistant.embeddings)
        results["naive baseline (1000-char chunks, dense top-4)"] = score(questions, run(questions, baseline_answer(baseline)))
    print(f"{len(questions)} questions ({sum(not q.out_of_scope for q in questions)} in scope) from {args.dataset}")
    print(table(results))
    print(f"\nBy kind of question (full system):\n{table(by_kind(questions, rows), first='kind')}")
    print(f"results of the full system: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
