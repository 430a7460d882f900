"""python -m assistant ask "QUESTION" [--json]  |  python -m assistant check FILE|- [--json]"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap


def _print_answer(answer) -> None:
    print(answer.text)
    if answer.citations:
        print("\nPassages:")
        for number, citation in enumerate(answer.citations, start=1):
            print(f"\n[{number}] {citation.label} — {citation.title} ({citation.doc_kind})")
            print(textwrap.indent(textwrap.fill(citation.quote, width=96, replace_whitespace=False), "    "))
    if answer.related:
        print("\nRelated provisions (for reading, not cited):")
        for related in answer.related:
            print(f"- {related.label} — {related.title} ({related.relation})")
    for notice in answer.notices:
        print(f"\nNote: {notice}", file=sys.stderr)


MARKS = {"supported": "✓ supported", "not_supported": "✗ not supported", "unclear": "? unclear",
         "nonexistent": "✗ nonexistent"}


def _quote(text: str, limit: int = 400) -> str:
    """A verbatim text, cut after about `limit` characters, each of its lines wrapped and marked."""
    text = text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
    return "\n".join(textwrap.fill(line, width=96, initial_indent="    | ", subsequent_indent="    | ")
                     for line in text.split("\n"))


def _print_report(report) -> None:
    """A readable check report, references and claims in the order of the text."""
    items = sorted([*report.references, *report.claims], key=lambda c: c.start)
    flagged = sum(c.verdict != "supported" for c in items)
    print(f"{len(report.references)} references and {len(report.claims)} claims without a reference checked "
          f"in {report.milliseconds / 1000:.1f} s; {flagged} to look at.")
    for c in items:
        kind = "claim" if c in report.claims else f"“{c.text}”"
        named = f" → {c.provision.label} ({c.provision.title})" if c.provision else ""
        print(f"\n{MARKS[c.verdict].upper()}  {kind}{named}  [characters {c.start}-{c.end}]")
        print(textwrap.indent(textwrap.fill(c.sentence, width=96), "    "))
        print(f"    why: {c.reason}")
        if c.provision and c.verdict != "supported":
            print(_quote(c.provision.quote))
        for number, s in enumerate(c.suggestions, start=1):
            print(f"    suggestion {number}: {s.label}")
            print(_quote(s.quote))
    for other in report.other_instruments:
        print(f"\nANOTHER TREATY  “{other.text}” ({other.instrument}): not checked against this Convention.")


def _check(args) -> int:
    from assistant.chain import Assistant
    from assistant.check import CheckInputError, check_text
    from assistant.store import StoreError

    try:
        text = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
        report = check_text(Assistant(use_llm=False), text)
    except (OSError, UnicodeDecodeError, CheckInputError, StoreError) as exc:
        message = f"{args.file}: {exc}" if isinstance(exc, (OSError, UnicodeDecodeError)) else str(exc)
        print(json.dumps({"error": message}) if args.json else f"error: {message}", file=sys.stdout if args.json else sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    flagged = any(c.verdict != "supported" for c in [*report.references, *report.claims])
    return 1 if flagged else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description="Ask the UN Convention against Cybercrime a question; every claim is cited.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer one question", description="Answer one question with citations.")
    ask.add_argument("question", help='e.g. "Can the police make my phone company keep my messages?"')
    ask.add_argument("--json", action="store_true", help="print the Answer as JSON")
    ask.add_argument("--offline", action="store_true", help="ignore any configured language model")
    check = commands.add_parser(
        "check", help="check the references and claims in a text",
        description="Check every reference to the Convention (and every claim about it) in a text. Exit status: "
                    "0 all supported, 1 something to look at, 2 the text could not be checked.")
    check.add_argument("file", help="a text file, or - to read standard input")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args)

    from assistant.chain import Assistant, QuestionError
    from assistant.llm import LLMConfigError
    from assistant.store import StoreError

    try:
        assistant = Assistant(use_llm=not args.offline)
        answer = assistant.ask(args.question)
    except (QuestionError, StoreError, LLMConfigError) as exc:
        if args.json:
            print(json.dumps({"error": str(exc)}))
        else:
            print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(answer.to_json(indent=2))
    else:
        _print_answer(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
