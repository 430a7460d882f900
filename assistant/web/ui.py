"""The Gradio chat: streamed answers with [n] markers, source cards, full articles, an article browser."""

from __future__ import annotations

import html
import json
import re

import gradio as gr
from pydantic import ValidationError

from assistant.articles import ArticleView, article_view, chapters
from assistant.chain import Assistant, QuestionError
from assistant.models import Answer
from assistant.references import Reference
from assistant.store import StoreError
from assistant.web.api import unavailable
from assistant.web.schema import AskRequest
from assistant.glossary import expand
from assistant.text import tokenize
from assistant.web.check_ui import CHECK_CSS, check_tab

EXAMPLES = [
    "Can the police make my phone company keep my messages?",
    "Is revenge porn a crime under the treaty?",
    "Will my country extradite its own citizen?",
    "What does Article 24 say?",
    "art. 2(h)",
    "Does Article 16 cover grooming?",
    "When was the convention adopted?",
]
KIND_LABELS = {
    "treaty": "Treaty",
    "interpretative_note": "Interpretative note",
    "resolution": "Resolution",
    "commentary": "Commentary · secondary source",
}
CSS = """
.source-card { border-left: 5px solid #1f6feb; padding: 10px 12px; margin: 4px 0; background: var(--block-background-fill); border-radius: 6px; }
.source-card.kind-commentary { border-left-color: #d97706; background: repeating-linear-gradient(135deg, transparent, transparent 8px, rgba(217,119,6,0.06) 8px, rgba(217,119,6,0.06) 16px); }
.source-card.kind-resolution { border-left-color: #7c3aed; }
.source-card.kind-interpretative_note { border-left-color: #059669; }
.source-card .card-head { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.source-card .marker { font-weight: 700; color: #1f6feb; }
.source-card .label { font-weight: 700; }
.source-card .kind { font-size: 0.75em; text-transform: uppercase; letter-spacing: 0.04em; padding: 1px 6px; border-radius: 8px; background: rgba(31,111,235,0.12); }
.source-card.kind-commentary .kind { background: rgba(217,119,6,0.18); }
.source-card .where { font-size: 0.85em; opacity: 0.8; margin: 2px 0 6px; }
.source-card blockquote, .article-view blockquote { margin: 0; white-space: pre-wrap; font-family: Georgia, serif; }
.source-card mark, .article-view mark { background: #fde68a; color: inherit; padding: 0 1px; }
.article-view .para { padding: 4px 8px; margin: 2px 0; border-radius: 4px; white-space: pre-wrap; font-family: Georgia, serif; }
.article-view .para.cited { background: rgba(253, 230, 138, 0.55); outline: 2px solid #f59e0b; }
.related { margin-top: 10px; font-size: 0.92em; }
.related blockquote { white-space: pre-wrap; font-family: Georgia, serif; margin: 4px 0 8px 12px; }
.article-view .note { border-left: 4px solid #059669; padding-left: 8px; margin-top: 8px; }
""" + CHECK_CSS


def highlight(text: str, query: str, common: frozenset[str] = frozenset()) -> str:
    """HTML-escaped text with the words that matched the question (by stem, including the treaty terms
    its everyday words stand for) marked; words found almost everywhere are left plain."""
    wanted = set(tokenize(" ".join([query, *expand(query)]))) - common
    out = []
    for piece in re.split(r"([A-Za-z0-9]+)", text):
        escaped = html.escape(piece)
        marked = piece.isalnum() and not piece.isdigit() and tokenize(piece) and tokenize(piece)[0] in wanted
        out.append(f"<mark>{escaped}</mark>" if marked else escaped)
    return "".join(out)


def card_html(card: dict, query: str, common: frozenset[str] = frozenset()) -> str:
    kind = card["doc_kind"]
    where = card["title"] or ""
    if card.get("chapter"):
        where += f" · Chapter {card['chapter']}. {card['chapter_title']}"
    return (
        f'<div class="source-card kind-{kind}" id="source-{card["number"]}">'
        f'<div class="card-head"><span class="marker">[{card["number"]}]</span>'
        f'<span class="label">{html.escape(card["label"])}</span>'
        f'<span class="kind">{KIND_LABELS.get(kind, kind)}</span></div>'
        f'<div class="where">{html.escape(where)}</div>'
        f"<blockquote>{highlight(card['quote'], query, common)}</blockquote></div>"
    )


def related_html(related: list[dict]) -> str:
    """Definitions and cross-referenced provisions the cited passages rely on (not citations)."""
    items = "".join(
        f'<details class="related-item"><summary><strong>{html.escape(r["label"])}</strong> · '
        f'{html.escape(r["title"] or "")} <em>({html.escape(r["relation"])})</em></summary>'
        f"<blockquote>{html.escape(r['quote'])}</blockquote></details>"
        for r in related
    )
    return f'<div class="related"><h4>Related provisions</h4>{items}</div>'


def article_html(view: ArticleView | None, cited: set[str] | frozenset = frozenset(), message: str = "") -> str:
    if view is None:
        return f'<div class="article-view"><p>{html.escape(message or "No such article.")}</p></div>'
    parts = [
        f'<div class="article-view"><h3>Article {view.article}. {html.escape(view.title)}</h3>',
        f"<p><em>Chapter {view.chapter}. {html.escape(view.chapter_title)}</em></p>",
    ]
    for paragraph in view.paragraphs:
        css = "para cited" if paragraph.passage_id in cited else "para"
        parts.append(f'<div class="{css}" data-label="{html.escape(paragraph.label)}">{html.escape(paragraph.text)}</div>')
    for note in view.interpretative_notes:
        parts.append(f'<div class="note"><strong>{html.escape(note["label"])}</strong>: {html.escape(note["text"])}</div>')
    parts.append("</div>")
    return "".join(parts)


def chat_text(answer: Answer) -> str:
    """The answer for the chat bubble: the sources list is shown as cards instead."""
    return answer.text.split("\n\nSources:\n")[0]


def copy_text(answer: Answer) -> str:
    lines = [answer.text.split("\n\nSources:\n")[0], "", "Sources:"]
    for number, c in enumerate(answer.citations, start=1):
        lines.append(f"[{number}] {c.label} — {c.title} ({c.doc_kind})\n{c.quote}")
    return "\n".join(lines) if answer.citations else answer.text


def mode_text(assistant: Assistant) -> str:
    if assistant.mode == "offline":
        return "Answer mode: **offline grounded answers** — sentences quoted from the passages, no language model."
    return f"Answer mode: **language model `{assistant.mode[4:]}`**, every citation checked against the passages."


def common_words(assistant: Assistant) -> frozenset[str]:
    """Words in more than 15% of passages, too common to highlight. Read from the assistant each time:
    it switches to a newer index when one is published."""
    limit = 0.15 * len(assistant.index.passages)
    return frozenset(w for w, n in assistant.index.document_frequency.items() if n > limit)


def build_ui(assistant: Assistant) -> gr.Blocks:
    chapter_list = chapters(assistant.index)
    chapter_choices = [f"Chapter {roman}. {title}" for roman, title, _ in chapter_list]

    def articles_in(chapter_label: str) -> list[tuple[str, int]]:
        for (roman, title, items), label in zip(chapter_list, chapter_choices):
            if label == chapter_label:
                return [(f"Article {n}. {t}", n) for n, t in items]
        return []

    def chapter_of(number: int) -> str:
        for (_, _, items), label in zip(chapter_list, chapter_choices):
            if any(n == number for n, _ in items):
                return label
        return chapter_choices[0]

    def respond(message: str, history: list):
        history = list(history or [])
        try:
            text = message if isinstance(message, str) else ""
            if not text.strip():
                yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
                return
            # Show the question at once: a language model can take a while to answer.
            pending = history + [{"role": "user", "content": text}, {"role": "assistant", "content": "…"}]
            yield pending, gr.skip(), "Searching the Convention…", gr.skip(), ""
            answer = None
            for item in assistant.ask_stream(text, history):
                if isinstance(item, str):  # a language model writing: its text so far, not yet checked
                    pending[-1] = {"role": "assistant", "content": item}
                    yield pending, gr.skip(), "Writing… citations are checked when the answer is complete.", gr.skip(), ""
                else:
                    answer = item
        except QuestionError as exc:  # e.g. only control characters: take the pending turn back
            yield history, gr.skip(), f"⚠️ {exc}", gr.skip(), gr.skip()
            return
        except StoreError as exc:  # Chroma down or frozen: take the pending turn back and say so
            yield history, gr.skip(), f"⚠️ {html.escape(unavailable(exc))}", gr.skip(), gr.skip()
            return
        except Exception as exc:  # a readable message, never a stack trace
            sorry = f"Sorry, something went wrong ({type(exc).__name__}). Please try again."
            history += [{"role": "user", "content": str(message)}, {"role": "assistant", "content": sorry}]
            yield history, gr.skip(), f"⚠️ {sorry}", "", ""
            return
        shown = answer.question
        history.append({"role": "user", "content": shown})
        history.append({"role": "assistant", "content": ""})
        words = chat_text(answer).split(" ") if answer.mode == "offline" else []
        for end in range(6, len(words), 6):  # reveal the offline answer as it would stream
            history[-1] = {"role": "assistant", "content": " ".join(words[:end])}
            yield history, gr.skip(), "Answering…", gr.skip(), ""
        history[-1] = {"role": "assistant", "content": chat_text(answer)}
        cards = {
            "query": answer.question,
            "cards": [
                {
                    "number": n, "label": c.label, "article": c.article, "title": c.title,
                    "doc_kind": c.doc_kind, "quote": c.quote, "passage_id": c.passage_id,
                    "chapter": (p := assistant.index.by_id.get(c.passage_id)) and p.chapter,
                    "chapter_title": p and p.chapter_title,
                }
                for n, c in enumerate(answer.citations, start=1)
            ],
            "related": [
                {"label": c.label, "title": c.title, "relation": c.relation, "quote": c.quote}
                for c in answer.related
            ],
        }
        status = [mode_text(assistant)]
        if answer.abstained:
            status.insert(0, "**Abstained:** the corpus does not answer this, so nothing is cited.")
        status += [f"_{html.escape(n)}_" for n in answer.notices]
        yield history, cards, "  \n".join(status), copy_text(answer), ""

    def show_article(number: int, passage_id: str) -> str:
        return article_html(article_view(assistant.index, number), {passage_id})

    def browse(number) -> tuple:
        index = assistant.index
        found = re.fullmatch(r"\s*(?:art(?:icle)?\.?\s*)?(\d{1,4})\s*", str(number or ""), re.I)
        if not found:
            message = f"“{number}” is not an article number (1 to {index.article_count})."
            return gr.skip(), gr.skip(), article_html(None, message=message)
        n = int(found.group(1))
        view = article_view(index, n)
        if view is None:
            return gr.skip(), gr.skip(), article_html(None, message=index.explain_missing(Reference(n)))
        chapter = chapter_of(n)
        return gr.update(value=chapter), gr.update(choices=articles_in(chapter), value=n), article_html(view)

    with gr.Blocks(title="Treaty Q&A — UN Convention against Cybercrime") as demo:
        gr.Markdown(
            "# Treaty Q&A\nAsk the **United Nations Convention against Cybercrime** (GA resolution 79/243) a "
            "question. Every claim carries a citation you can read verbatim; when the texts are silent, the "
            "assistant says so and cites nothing."
        )
        cards_state = gr.State({"query": "", "cards": []})
        with gr.Tabs() as tabs:
            with gr.Tab("Ask", id="ask"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="Conversation", height=640, elem_id="chat",
                                             buttons=["copy", "copy_all"])
                        status = gr.Markdown(mode_text(assistant), elem_id="status")
                        with gr.Row():
                            question = gr.Textbox(placeholder="e.g. Can the police make my phone company keep my messages?",
                                                  show_label=False, scale=5, elem_id="question", max_lines=4)
                            send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-button")
                        clear = gr.Button("Clear conversation", size="sm", elem_id="clear-button")
                        gr.Examples(EXAMPLES, inputs=question, label="Try one of these")
                        copy_box = gr.Textbox(label="Answer with sources (copy)", lines=4, interactive=False,
                                              buttons=["copy"], elem_id="copy-answer")
                    with gr.Column(scale=2):
                        gr.Markdown("### Sources")

                        @gr.render(inputs=cards_state)
                        def render_cards(state):
                            if not state or not state.get("cards"):
                                gr.Markdown("Sources for the answer appear here.", elem_classes="no-sources")
                                return
                            common = common_words(assistant)
                            for card in state["cards"]:
                                gr.HTML(card_html(card, state["query"], common), elem_classes="card-box")
                                with gr.Row():
                                    if card["doc_kind"] == "treaty" and card["article"]:
                                        show = gr.Button(f"Show full article ({card['label']})", size="sm",
                                                         elem_classes="show-article")
                                        show.click(lambda a=card["article"], p=card["passage_id"]: show_article(a, p),
                                                   outputs=full_article)
                                    citation = f"{card['label']} — {card['title']}: “{card['quote']}”"
                                    gr.Button("Copy citation", size="sm", elem_classes="copy-citation").click(
                                        None, js=f"() => navigator.clipboard.writeText({json.dumps(citation)})"
                                    )
                            if state.get("related"):
                                gr.HTML(related_html(state["related"]), elem_id="related")

                        full_article = gr.HTML(elem_id="full-article")
            with gr.Tab("Browse the Convention", id="browse"):
                with gr.Row():
                    chapter_dd = gr.Dropdown(chapter_choices, value=chapter_choices[0], label="Chapter", elem_id="chapter")
                    article_dd = gr.Dropdown(articles_in(chapter_choices[0]), value=1, label="Article", elem_id="article")
                    jump = gr.Textbox(label="Jump to article number", placeholder="41", elem_id="jump")
                    go = gr.Button("Go", elem_id="jump-button")
                article_panel = gr.HTML(article_html(article_view(assistant.index, 1)), elem_id="article-panel")
                ask_about = gr.Button("Ask about this article", variant="primary", elem_id="ask-about")
            with gr.Tab("Check references", id="check"):
                check_tab(assistant)

        outputs = [chatbot, cards_state, status, copy_box, question]
        send.click(respond, [question, chatbot], outputs, api_visibility="private")
        question.submit(respond, [question, chatbot], outputs, api_visibility="private")
        clear.click(lambda: ([], {"query": "", "cards": []}, mode_text(assistant), "", "", ""),
                    outputs=[chatbot, cards_state, status, copy_box, question, full_article], api_visibility="private")
        chapter_dd.input(  # user-initiated only: a jump sets chapter and article together

            lambda c: (gr.update(choices=articles_in(c), value=articles_in(c)[0][1]),
                       article_html(article_view(assistant.index, articles_in(c)[0][1]))),
            chapter_dd, [article_dd, article_panel], api_visibility="private",
        )
        article_dd.input(lambda n: article_html(article_view(assistant.index, int(n))), article_dd, article_panel,
                         api_visibility="private")
        go.click(browse, jump, [chapter_dd, article_dd, article_panel], api_visibility="private")
        jump.submit(browse, jump, [chapter_dd, article_dd, article_panel], api_visibility="private")
        ask_about.click(
            lambda n: (f"What does Article {int(n)} say?", gr.Tabs(selected="ask")), article_dd, [question, tabs],
            api_visibility="private",
        ).then(respond, [question, chatbot], outputs, api_visibility="private")

        def ask(question: str, history: list[list[str]] | None = None) -> dict:
            """Answer a question; returns the Answer JSON (text, citations, abstained, mode, timings), or
            {"error": message, "status": the HTTP status POST /api/ask gives the same request}."""
            # Gradio reports a returned value as a success, so a refusal is a value carrying the status
            # (raising gr.Error would lose the message's kind: every error becomes the same AppError).
            try:
                request = AskRequest.model_validate({"question": question, "history": history})
            except ValidationError as exc:  # the checks the HTTP API makes, as a message not a traceback
                message = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
                return {"error": message, "status": 422}
            try:
                return assistant.ask(request.question, request.history or []).to_dict()
            except QuestionError as exc:
                return {"error": str(exc), "status": 400}
            except StoreError as exc:
                return {"error": unavailable(exc), "status": 503}

        gr.api(ask, api_name="ask")
    return demo
