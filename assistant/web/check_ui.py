"""The "Check references" tab: paste a text, see each reference highlighted by its verdict (green
supported, red not supported or nonexistent, amber unclear), with the verbatim provision and the
suggestions beside it."""

from __future__ import annotations

import html

import gradio as gr

from assistant.chain import Assistant
from assistant.check import CheckInputError, CheckReport, Checked, check_text

VERDICT_NAMES = {"supported": "Supported", "not_supported": "Not supported", "unclear": "Unclear",
                 "nonexistent": "No such provision"}
SEVERITY = {"supported": 0, "unclear": 1, "not_supported": 2, "nonexistent": 2}
EXAMPLE = (
    "The General Assembly adopted the Convention in July 2024. Article 16 criminalizes grooming a child online, "
    "and Art 24.2 lists judicial or other independent review among the safeguards. Article 15(3) requires States "
    "to extend the grooming offence to persons believed to be children. The treaty obliges service providers to "
    "keep data for two years. Article 69 makes the Secretary-General the depositary. Article 32(b) of the "
    "Budapest Convention allows transborder access with consent."
)
CHECK_CSS = """
#check-text .checked { white-space: pre-wrap; font-family: Georgia, serif; line-height: 1.7; padding: 10px; border-radius: 6px; background: var(--block-background-fill); }
#check-text mark { color: inherit; padding: 1px 2px; border-radius: 3px; }
#check-text mark.supported { background: rgba(22, 163, 74, 0.25); border-bottom: 2px solid #16a34a; }
#check-text mark.not_supported, #check-text mark.nonexistent { background: rgba(220, 38, 38, 0.22); border-bottom: 2px solid #dc2626; }
#check-text mark.unclear { background: rgba(217, 119, 6, 0.25); border-bottom: 2px solid #d97706; }
#check-text mark.other-instrument { background: rgba(107, 114, 128, 0.2); border-bottom: 2px dotted #6b7280; }
#check-text .claim { background: none; border-bottom-style: dashed; }
.check-card { border-left: 5px solid #16a34a; padding: 8px 12px; margin: 6px 0; border-radius: 6px; background: var(--block-background-fill); }
.check-card.not_supported, .check-card.nonexistent { border-left-color: #dc2626; }
.check-card.unclear { border-left-color: #d97706; }
.check-card .verdict { font-size: 0.78em; text-transform: uppercase; letter-spacing: 0.04em; font-weight: 700; }
.check-card.supported .verdict { color: #16a34a; } .check-card.unclear .verdict { color: #d97706; }
.check-card.not_supported .verdict, .check-card.nonexistent .verdict { color: #dc2626; }
.check-card blockquote { margin: 4px 0 6px 8px; white-space: pre-wrap; font-family: Georgia, serif; font-size: 0.92em; }
.check-card .why { margin: 4px 0; }
"""


def marked_text(text: str, report: CheckReport) -> str:
    """The text, HTML-escaped, with each reference and checked claim marked by its verdict. References
    that share a span (the articles of a range) are one mark, coloured by the most serious verdict."""
    spans: dict[tuple[int, int], list[tuple[int, Checked]]] = {}
    numbered = sorted([*report.references, *report.claims], key=lambda c: c.start)
    for number, checked in enumerate(numbered, start=1):
        spans.setdefault((checked.start, checked.end), []).append((number, checked))
    marks = [(start, end, items) for (start, end), items in spans.items()]
    marks += [(o.start, o.end, []) for o in report.other_instruments]
    out, position = [], 0
    for start, end, items in sorted(marks, key=lambda m: m[0]):
        if start < position:  # never nest marks
            continue
        out.append(html.escape(text[position:start]))
        if items:
            worst = max((c for _, c in items), key=lambda c: SEVERITY[c.verdict])
            css = worst.verdict + (" claim" if worst in report.claims else "")
            numbers = ", ".join(str(n) for n, _ in items)
            title = "; ".join(f"[{n}] {VERDICT_NAMES[c.verdict]}: {c.reason}" for n, c in items)
            out.append(f'<mark class="{css}" title="{html.escape(title)}" data-cards="{numbers}">'
                       f'<span class="marked">{html.escape(text[start:end])}</span><sup>{numbers}</sup></mark>')
        else:
            out.append(f'<mark class="other-instrument" title="another treaty: not checked">{html.escape(text[start:end])}</mark>')
        position = end
    out.append(html.escape(text[position:]))
    return f'<div class="checked">{"".join(out)}</div>'


def card_html(number: int, c: Checked, is_claim: bool) -> str:
    head = f"Claim: “{html.escape(c.text)}”" if is_claim else f"“{html.escape(c.text)}” → {html.escape(c.label)}"
    parts = [f'<div class="check-card {c.verdict}" id="check-card-{number}">',
             f'<div><span class="verdict">[{number}] {VERDICT_NAMES[c.verdict]}</span> · <strong>{head}</strong></div>',
             f'<div class="why">{html.escape(c.reason)}</div>']
    if c.provision:
        opened = " open" if len(c.provision.quote) <= 600 else ""  # a whole long article stays folded
        parts.append(f"<details{opened}><summary>{'Judged against ' if is_claim else ''}{html.escape(c.provision.label)} · "
                     f"{html.escape(c.provision.title)}</summary><blockquote>{html.escape(c.provision.quote)}</blockquote></details>")
    if c.suggestions:
        parts.append("<div><em>Suggested instead:</em></div>")
        parts += [f'<details class="suggestion"><summary>{html.escape(s.label)}</summary>'
                  f"<blockquote>{html.escape(s.quote)}</blockquote></details>" for s in c.suggestions]
    parts.append("</div>")
    return "".join(parts)


def cards_html(report: CheckReport) -> str:
    numbered = sorted([*report.references, *report.claims], key=lambda c: c.start)
    cards = [card_html(n, c, c in report.claims) for n, c in enumerate(numbered, start=1)]
    cards += [f'<div class="check-card other">“{html.escape(o.text)}” is in {html.escape(o.instrument)}: another '
              f"treaty, not checked against this Convention.</div>" for o in report.other_instruments]
    return "".join(cards) or "<p>No reference to the Convention and no claim about it was found.</p>"


def summary(report: CheckReport) -> str:
    items = [*report.references, *report.claims]
    counts = {v: sum(c.verdict == v for c in items) for v in VERDICT_NAMES}
    found = ", ".join(f"{n} {VERDICT_NAMES[v].lower()}" for v, n in counts.items() if n)
    return (f"Checked {len(report.references)} references and {len(report.claims)} claims without a reference "
            f"in {report.milliseconds / 1000:.1f} s" + (f": {found}." if found else "."))


def check_tab(assistant: Assistant) -> None:
    """The tab's contents, built inside a `gr.Tab`."""

    def run(text: str):
        try:
            report = check_text(assistant, text if isinstance(text, str) else "")
        except CheckInputError as exc:
            return f"⚠️ {exc}", "", ""
        return summary(report), marked_text(text, report), cards_html(report)

    gr.Markdown("Paste a sentence, a paragraph or a memo. Every reference to the Convention, its interpretative "
                "notes or resolution 79/243 is checked against the text, and so is every claim about the Convention "
                "made without one: **green** supported, **red** not supported or no such provision, **amber** the "
                "right provision with the wrong force (must / may).")
    with gr.Row():
        with gr.Column(scale=3):
            text = gr.Textbox(label="Text to check", lines=10, max_lines=30, elem_id="check-input",
                              placeholder="e.g. Article 16 criminalizes grooming a child online.")
            with gr.Row():
                button = gr.Button("Check references", variant="primary", elem_id="check-button")
                example = gr.Button("Try an example", size="sm", elem_id="check-example")
            status = gr.Markdown(elem_id="check-status")
            marked = gr.HTML(elem_id="check-text")
        with gr.Column(scale=2):
            gr.Markdown("### Provisions")
            cards = gr.HTML(elem_id="check-cards")
    button.click(run, text, [status, marked, cards], api_visibility="private")
    example.click(lambda: EXAMPLE, outputs=text, api_visibility="private")
