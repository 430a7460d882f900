"""python -m assistant ask "QUESTION" [--json]"""

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
    args = parser.parse_args(argv)

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
