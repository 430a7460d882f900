"""The Gradio chat: streamed answers whose [n] markers open their source cards, each answer's sources
kept with it, full articles opened in place, an article browser that jumps to a paragraph."""

from __future__ import annotations

import html
import re

import gradio as gr
from pydantic import ValidationError

from assistant.articles import ArticleView, article_view, chapters
from assistant.chain import Assistant, QuestionError
from assistant.models import Answer
from assistant.references import CONVENTION, Reference, parse_references
from assistant.store import StoreError
from assistant.web.api import unavailable
from assistant.web.assets import CSS, SCRIPT
from assistant.web.cards import article_html, card_html, related_html, sources_html
from assistant.web.check_ui import check_tab
from assistant.web.schema import AskRequest

__all__ = ["CSS", "SCRIPT", "build_ui"]

EXAMPLES = [
    "Can the police make my phone company keep my messages?",
    "Is revenge porn a crime under the treaty?",
    "Will my country extradite its own citizen?",
    "What does Article 24 say?",
    "art. 2(h)",
    "Does Article 16 cover grooming?",
    "When was the convention adopted?",
]
MAX_SOURCE_GROUPS = 20  # earlier answers whose sources stay reachable (older ones scroll out with the chat)
NO_SOURCES = {"groups": []}


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


def answer_cards(assistant: Assistant, answer: Answer, turn: int) -> str:
    """The cards of answer `turn` (its n-th assistant message), each treaty card with its article inside."""
    index, common = assistant.index, common_words(assistant)
    articles: dict[int, ArticleView | None] = {}
    cards = []
    for number, c in enumerate(answer.citations, start=1):
        passage = index.by_id.get(c.passage_id)
        card = {"number": number, "label": c.label, "title": c.title, "doc_kind": c.doc_kind, "quote": c.quote,
                "chapter": passage and passage.chapter, "chapter_title": passage and passage.chapter_title}
        article = ""
        if c.doc_kind == "treaty" and c.article:
            view = articles.setdefault(c.article, article_view(index, c.article))
            article = article_html(view, {c.passage_id})
        cards.append(card_html(card, turn, answer.question, common, article))
    related = [{"label": c.label, "title": c.title, "relation": c.relation, "quote": c.quote} for c in answer.related]
    return "".join(cards) + related_html(related)


def assistant_turns(history: list) -> int:
    """How many assistant messages the chat holds: the next answer's number (from 0)."""
    return sum(1 for m in history if (m.get("role") if isinstance(m, dict) else getattr(m, "role", None)) == "assistant")


def jump_target(text: str) -> Reference | None:
    """What the browser's jump box names: "41", "Article 41", "24(2)", "art. 2(h)", "Art 24.2"."""
    if found := re.fullmatch(r"\s*(?:art(?:icle)?\.?\s*)?(\d{1,4})\s*", text or "", re.I):
        return Reference(int(found.group(1)))
    refs = [r for r in parse_references(text or "", about_convention=True) if r.document == CONVENTION and r.article]
    return refs[0] if refs else None


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

    def respond(message: str, history: list, sources: dict):
        """Yields (chat, sources state, sources panel, status, copy box, question box)."""
        history = list(history or [])
        keep = gr.skip()
        try:
            text = message if isinstance(message, str) else ""
            if not text.strip():
                yield keep, keep, keep, keep, keep, keep
                return
            # Show the question at once: a language model can take a while to answer.
            pending = history + [{"role": "user", "content": text}, {"role": "assistant", "content": "…"}]
            yield pending, keep, keep, "Searching the Convention…", keep, ""
            answer = None
            for item in assistant.ask_stream(text, history):
                if isinstance(item, str):  # a language model writing: its text so far, not yet checked
                    pending[-1] = {"role": "assistant", "content": item}
                    yield pending, keep, keep, "Writing… citations are checked when the answer is complete.", keep, ""
                else:
                    answer = item
        except QuestionError as exc:  # e.g. only control characters: take the pending turn back
            yield history, keep, keep, f"⚠️ {exc}", keep, keep
            return
        except StoreError as exc:  # Chroma down or frozen: take the pending turn back and say so
            yield history, keep, keep, f"⚠️ {html.escape(unavailable(exc))}", keep, keep
            return
        except Exception as exc:  # a readable message, never a stack trace
            sorry = f"Sorry, something went wrong ({type(exc).__name__}). Please try again."
            history += [{"role": "user", "content": str(message)}, {"role": "assistant", "content": sorry}]
            yield history, keep, keep, f"⚠️ {sorry}", "", ""
            return
        turn = assistant_turns(history)
        history.append({"role": "user", "content": answer.question})
        history.append({"role": "assistant", "content": ""})
        words = chat_text(answer).split(" ") if answer.mode == "offline" else []
        for end in range(6, len(words), 6):  # reveal the offline answer as it would stream
            history[-1] = {"role": "assistant", "content": " ".join(words[:end])}
            yield history, keep, keep, "Answering…", keep, ""
        history[-1] = {"role": "assistant", "content": chat_text(answer)}
        groups = [g for g in (sources or NO_SOURCES)["groups"] if g["turn"] < turn]  # a cleared chat starts over
        if answer.citations or answer.related:
            groups = (groups + [{"turn": turn, "question": answer.question,
                                 "html": answer_cards(assistant, answer, turn)}])[-MAX_SOURCE_GROUPS:]
        status = [mode_text(assistant)]
        if answer.citations:
            count = len(answer.citations)
            status.insert(0, f"[{count} source{'s' if count > 1 else ''} for this answer](#sources-{turn}) "
                             "(tap a marker such as [1] to open its card).")
        if answer.abstained:
            status.insert(0, "**Abstained:** the corpus does not answer this, so nothing is cited.")
        status += [f"_{html.escape(n)}_" for n in answer.notices]
        state = {"groups": groups}
        yield history, state, sources_html(groups), "  \n".join(status), copy_text(answer), ""

    def browse(text) -> tuple:
        index = assistant.index
        ref = jump_target(str(text or ""))
        if ref is None:
            message = (f"“{text}” names no article: type a number (1 to {index.article_count}) or a provision "
                       "such as 24(2) or 2(h).")
            return gr.skip(), gr.skip(), article_html(None, message=message)
        view = article_view(index, ref.article)
        passages = index.resolve(ref) if view is not None else None
        if view is None or passages is None:
            return gr.skip(), gr.skip(), article_html(None, message=index.explain_missing(ref))
        cited = {p.id for p in passages} if ref.paragraph or ref.subparagraph else set()
        chapter = chapter_of(ref.article)
        return (gr.update(value=chapter), gr.update(choices=articles_in(chapter), value=ref.article),
                article_html(view, cited))

    def cleared() -> tuple:
        return NO_SOURCES, sources_html([]), mode_text(assistant), "", ""

    with gr.Blocks(title="Treaty Q&A — UN Convention against Cybercrime") as demo:
        gr.Markdown(
            "# Treaty Q&A\nAsk the **United Nations Convention against Cybercrime** (GA resolution 79/243) a "
            "question. Every claim carries a citation you can read verbatim; when the texts are silent, the "
            "assistant says so and cites nothing."
        )
        sources_state = gr.State(NO_SOURCES)
        with gr.Tabs() as tabs:
            with gr.Tab("Ask", id="ask"):
                with gr.Row(elem_id="ask-tab-row"):
                    with gr.Column(scale=3, min_width=300):
                        # A height that leaves the question box on screen at first load on a laptop.
                        chatbot = gr.Chatbot(label="Conversation", height="min(52vh, 470px)", elem_id="chat",
                                             buttons=["copy", "copy_all"], autoscroll=False)
                        status = gr.Markdown(mode_text(assistant), elem_id="status")
                        with gr.Row(elem_id="question-row"):
                            question = gr.Textbox(label="Your question", show_label=False, scale=5, max_lines=4,
                                                  placeholder="e.g. Can the police make my phone company keep my messages?",
                                                  elem_id="question")
                            send = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="ask-button")
                        clear = gr.Button("Clear conversation", size="md", elem_id="clear-button")
                    with gr.Column(scale=2, min_width=300, elem_id="sources-column"):
                        gr.Markdown("## Sources")
                        sources_panel = gr.HTML(sources_html([]), elem_id="sources")
                examples = gr.Examples(EXAMPLES, inputs=question, label="Try one of these (click to ask)")
                copy_box = gr.Textbox(label="Answer with sources (copy)", lines=4, interactive=False,
                                      buttons=["copy"], elem_id="copy-answer")
            with gr.Tab("Browse the Convention", id="browse"):
                with gr.Row():
                    # Wide enough for the names: on a phone each takes the whole row.
                    chapter_dd = gr.Dropdown(chapter_choices, value=chapter_choices[0], label="Chapter",
                                             min_width=320, elem_id="chapter")
                    article_dd = gr.Dropdown(articles_in(chapter_choices[0]), value=1, label="Article",
                                             min_width=320, elem_id="article")
                    jump = gr.Textbox(label="Jump to an article or paragraph", placeholder="41 or 24(2)", elem_id="jump")
                    go = gr.Button("Go", elem_id="jump-button")
                article_panel = gr.HTML(article_html(article_view(assistant.index, 1)), elem_id="article-panel")
                ask_about = gr.Button("Ask about this article", variant="primary", elem_id="ask-about")
            with gr.Tab("Check references", id="check"):
                check_tab(assistant)

        ask_inputs = [question, chatbot, sources_state]
        outputs = [chatbot, sources_state, sources_panel, status, copy_box, question]
        to_answer = "() => window.treatyqa && window.treatyqa.scrollToAnswer()"

        def answer_on(trigger) -> None:
            """Answer when `trigger` fires, then bring the answer's first line into view."""
            trigger(respond, ask_inputs, outputs, api_visibility="private").then(
                None, js=to_answer, api_visibility="private")

        answer_on(send.click)
        answer_on(question.submit)
        answer_on(examples.load_input_event.then)  # an example asks at once
        reset = [sources_state, sources_panel, status, copy_box, question]
        clear.click(lambda: ([], *cleared()), outputs=[chatbot, *reset], api_visibility="private").then(
            None, js="() => window.treatyqa && window.treatyqa.toTop()", api_visibility="private")
        chatbot.clear(cleared, outputs=reset, api_visibility="private")  # the chat's own trash icon
        chapter_dd.input(  # user-initiated only: a jump sets chapter and article together
            lambda c: (gr.update(choices=articles_in(c), value=articles_in(c)[0][1]),
                       article_html(article_view(assistant.index, articles_in(c)[0][1]))),
            chapter_dd, [article_dd, article_panel], api_visibility="private",
        )
        article_dd.input(lambda n: article_html(article_view(assistant.index, int(n))), article_dd, article_panel,
                         api_visibility="private")
        show_cited = "() => window.treatyqa && window.treatyqa.showCited('article-panel')"
        for event in (go.click, jump.submit):
            event(browse, jump, [chapter_dd, article_dd, article_panel], api_visibility="private").then(
                None, js=show_cited, api_visibility="private")
        answer_on(ask_about.click(
            lambda n: (f"What does Article {int(n)} say?", gr.Tabs(selected="ask")), article_dd, [question, tabs],
            api_visibility="private",
        ).then)

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
