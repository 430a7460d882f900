"""The assistant: a LangChain runnable wiring follow-up resolution -> retrieval -> answer.

Models and clients are created once here and reused for every question.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import threading
import time
import unicodedata
from typing import Callable, Iterator

from langchain_core.runnables import RunnableLambda

from assistant.answer import (
    OfflineComposer,
    abstain_reason,
    build_prompt,
    citations_for,
    related_for,
    validate_citations,
)
from assistant.cache import LruCache
from assistant.config import Settings, load_settings
from assistant.dense import DenseIndex
from assistant.followup import earlier_subject, resolve_followup
from assistant.llm import describe, make_chat_model
from assistant.models import Answer
from assistant.retrieve import Features, Retrieval, Retriever, TreatyIndex
from assistant.spelling import Speller, vocabulary
from assistant.embeddings import LocalEmbeddings, make_embeddings
from assistant.store import PassageStore, StoreError, make_client
from assistant.yes_no_model import YesNoModel

log = logging.getLogger(__name__)
request_log = logging.getLogger("assistant.requests")  # one line per question

MAX_QUESTION_CHARS = 2000
LLM_PASSAGES = 6
# How similar a question near no passage must be, on its own, to the passage the conversation's words
# find, to be read as a follow-up: measured 0.23-0.25 for real follow-ups, below 0.05 for unrelated ones.
FOLLOWUP_MIN_RELEVANCE = 0.15

History = list[tuple[str, str]]


class QuestionError(ValueError):
    """The question cannot be answered as given (empty, or not text)."""


def clean_question(question: object) -> tuple[str, list[str]]:
    """Normalise a question; cut very long input with a notice. Raises QuestionError for empty input."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    text = unicodedata.normalize("NFKC", question)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("the question is empty")
    notices = []
    if len(text) > MAX_QUESTION_CHARS:
        text = text[:MAX_QUESTION_CHARS]
        notices.append(f"The question was cut to its first {MAX_QUESTION_CHARS} characters.")
    return text, notices


def clean_history(history, max_turns: int = Settings.max_history_turns,
                  max_chars: int = Settings.max_turn_chars) -> History:
    """Accept [[user, assistant], ...] or Gradio-style message dicts; ignore what is malformed.

    Only the last `max_turns` turns are read, and each up to `max_chars` characters, so a huge history
    costs no more than a short one (a turn is one pair or two messages, hence the slice).
    """
    items = history[-2 * max_turns:] if isinstance(history, (list, tuple)) else []
    pairs: History = []
    pending_user = None
    for item in items:
        if isinstance(item, dict):
            content = item.get("content")
            if isinstance(content, list):  # Gradio may send content blocks: [{"type": "text", "text": ...}]
                content = " ".join(b["text"] for b in content if isinstance(b, dict) and isinstance(b.get("text"), str))
            content = _turn_text(content, max_chars)
            if item.get("role") == "user":
                pending_user = content
            elif item.get("role") == "assistant" and pending_user is not None:
                pairs.append((pending_user, content))
                pending_user = None
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            pairs.append((_turn_text(item[0], max_chars), _turn_text(item[1], max_chars)))
    return pairs[-max_turns:]


def _turn_text(value: object, max_chars: int) -> str:
    """The start of a turn's text; anything that is not text (None, a number) reads as empty."""
    return value[:max_chars] if isinstance(value, str) else ""


class Assistant:
    def __init__(self, settings: Settings | None = None, store: PassageStore | None = None,
                 embeddings: LocalEmbeddings | None = None, chat_model=None, use_llm: bool = True):
        self.settings = settings or load_settings()
        self.store = store or PassageStore(make_client(self.settings), self.settings.collection)
        active = self.store.active_name()
        if not active:
            raise StoreError(f"no index in {self.settings.describe_store()}: run `python -m ingest` first")
        self.embeddings = embeddings or make_embeddings(self.settings)
        self._reload_lock = threading.Lock()
        self.answers: LruCache[Answer] = LruCache(self.settings.answer_cache)
        self._load(active, Features())
        if chat_model is None and use_llm:
            chat_model = make_chat_model(self.settings)
        self.chat_model = chat_model
        self.mode = describe(chat_model)
        self.chain = (
            RunnableLambda(self._prepare).with_config(run_name="resolve_followup")
            | RunnableLambda(self._retrieve).with_config(run_name="retrieve")
            | RunnableLambda(self._answer).with_config(run_name="answer")
        )

    def _load(self, collection: str, features: Features) -> None:
        self.collection = collection
        # One read of every passage with its vector; questions are then answered from memory.
        stored = self.store.stored(with_embeddings=True)
        self.index = TreatyIndex([s.passage for s in stored])
        dense = DenseIndex.build([s.passage.id for s in stored], [s.embedding for s in stored])
        self.retriever = Retriever(self.index, dense, self.embeddings, features)
        self.composer = OfflineComposer(self.index, YesNoModel.load_for(self.embeddings), self.embeddings.embed_query,
                                        dense)
        # Typos are corrected towards the words of the documents and of their plain-language layer.
        self.speller = Speller(vocabulary(f"{p.text}\n{p.plain}\n{p.words}" for p in self.index.passages))

    def switch_to_latest(self) -> bool:
        """Switch to a newer index if `python -m ingest` published one since; True if it did.
        Raises StoreError when Chroma cannot be reached."""
        active = self.store.active_name()
        if not active or active == self.collection:
            return False
        with self._reload_lock:
            if active != self.collection:
                self._load(active, self.retriever.features)
        return True

    def refresh(self) -> bool:
        """switch_to_latest(), except that when Chroma cannot be reached the index already loaded goes on
        answering what needs no database (a reference to a provision); a search then raises the StoreError."""
        try:
            switched = self.switch_to_latest()
        except StoreError as exc:
            log.warning("index not refreshed: %s", exc)
            self.retriever.unavailable = exc
            return False
        self.retriever.unavailable = None
        return switched

    # -- the three steps ----------------------------------------------------------------------------
    def retrieval(self, question: str, history: list | None = None) -> Retrieval:
        """What ask() retrieves for a question (for what learns from questions: assistant/yes_no_model.py)."""
        return self._retrieve(self._prepare({"question": question, "history": history or []}))["retrieval"]

    def search_vector(self, question: str, history: list | None = None) -> list[float]:
        """The vector a question is searched with, made as ask() makes it (for what learns from questions:
        assistant/training.py)."""
        state = self._prepare({"question": question, "history": history or []})
        return self.retriever.query_vector(state["standalone"], state["context"])

    def _prepare(self, inputs: dict) -> dict:
        question, notices = clean_question(inputs["question"])
        history = clean_history(inputs.get("history"), self.settings.max_history_turns,
                                self.settings.max_turn_chars)
        searched, corrections = self.speller.correct(question)
        notices += [f"Read “{c.typed}” as “{c.read_as}”." for c in corrections]
        standalone, context = resolve_followup(searched, history)
        if standalone != searched:
            notices.append(f"Understood as: {standalone}")
        elif context:
            notices.append(f"Read as following on from: “{context}”")
        return {**inputs, "question": question, "standalone": standalone, "context": context,
                "history": history, "notices": notices, "started": time.perf_counter()}

    def _retrieve(self, state: dict) -> dict:
        retrieval = self.retriever.retrieve(state["standalone"], context_text=state["context"])
        if state["history"] and not state["context"] and retrieval.near_nothing:
            # Near no passage on its own ("if two versions differ, which one wins?"): read it as a
            # follow-up of the conversation before calling it out of scope.
            context = earlier_subject(state["history"])
            retried = self.retriever.retrieve(state["standalone"], context_text=context)
            if retried.in_scope and self._relates(state["standalone"], retrieval, retried):
                notices = state["notices"] + [f"Read as following on from: “{context}”"]
                return {**state, "context": context, "notices": notices, "retrieval": retried}
        return {**state, "retrieval": retrieval}

    def _relates(self, question: str, alone: Retrieval, retried: Retrieval) -> bool:
        """Is the question on its own (`alone`, searched without the conversation) at least loosely about
        the passage found with the conversation's help (`retried`)? ("Which one wins?" is, to the
        authentic texts; "What is the capital of Australia?" is not.)"""
        top = retried.hits[0].passage
        vector = alone.vector or self.retriever.query_vector(question)
        similarity = self.retriever.relevance_of(vector, [top]).get(top.id, 0.0)
        return similarity >= FOLLOWUP_MIN_RELEVANCE

    def _answer(self, state: dict) -> Answer:
        retrieval: Retrieval = state["retrieval"]
        started = time.perf_counter()
        query = " ".join([state["standalone"], state["context"]])
        offline = self.composer.compose(retrieval, query, learned_yes_no=self.retriever.features.yes_no_model)
        notices = state["notices"] + [n for n in offline.notices if n not in state["notices"]]
        text, cited, abstained, mode = offline.text, offline.cited, offline.abstained, "offline"
        if self.chat_model is not None and not offline.abstained:
            text, cited, mode, llm_notices = self._llm_answer(state, retrieval, offline)
            notices += llm_notices
        answer = Answer(
            question=state["question"],
            text=text,
            citations=[] if abstained else citations_for(cited),
            abstained=abstained,
            mode=mode,
            notices=notices,
            related=related_for(retrieval, cited) if not abstained or retrieval.not_recorded or retrieval.unanswerable
            else [],
            retrieved=retrieval.hits,
            summary=offline.summary,
            yes_no=offline.yes_no,
            abstain_reason=abstain_reason(retrieval) if abstained else None,
        )
        answer.timings = {
            "retrieval_ms": round(retrieval.milliseconds, 1),
            "answer_ms": round((time.perf_counter() - started) * 1000, 1),
            "total_ms": round((time.perf_counter() - state["started"]) * 1000, 1),
        }
        return answer

    def _llm_answer(self, state: dict, retrieval: Retrieval, offline):
        passages = list(dict.fromkeys(retrieval.hits[:LLM_PASSAGES] + retrieval.supporting[:2]))
        messages = build_prompt(state["standalone"], passages, state["history"])
        generate = state.get("generate") or (lambda m: _text(self.chat_model.invoke(m)))
        try:
            raw = generate(messages)
        except Exception as exc:  # an unreachable endpoint must not cost the user an answer
            return offline.text, offline.cited, "offline", [f"The language model failed ({type(exc).__name__}); offline answer shown."]
        if raw.strip().startswith("NOT_IN_CORPUS"):
            return offline.text, offline.cited, "offline", ["The language model found no answer in the passages; offline answer shown."]
        text, kept, removed = validate_citations(raw, len(passages))
        notices = [f"Removed citation [{n}]: no such passage was given to the model." for n in removed]
        if not kept:
            notices.append("The language model's answer had no valid citation; offline answer shown.")
            return offline.text, offline.cited, "offline", notices
        cited = [passages[n - 1] for n in kept]
        sources = "\n".join(
            f"[{i}] {h.passage.label} — {h.passage.article_title or h.passage.doc_title}" for i, h in enumerate(cited, 1)
        )
        return f"{text}\n\nSources:\n{sources}", cited, self.mode, notices

    # -- public API ---------------------------------------------------------------------------------
    def ask(self, question: str, history=None) -> Answer:
        return self._logged(question, lambda: self._answer_once(question, history or []))

    def _answer_once(self, question: object, history) -> Answer:
        """The chain's answer, or the one it gave before to the same question and history over the same
        index. Only offline answers are kept: a language model's may differ from one run to the next,
        and its failures fall back to an offline answer that should not be kept for the next asker."""
        self.refresh()
        key = self._cache_key(question, history)
        cached = self.answers.get(key) if key else None
        if cached is not None:
            return cached
        answer = self.chain.invoke({"question": question, "history": history})
        if key:
            self.answers.put(key, answer)
        return answer

    def _cache_key(self, question: object, history) -> tuple | None:
        if self.chat_model is not None or self.retriever.unavailable or not self.answers.size:
            return None  # no cache, or Chroma unreachable: searches must fail as they do uncached
        try:
            text = clean_question(question)[0]
        except QuestionError:
            return None  # the chain raises the error
        turns = clean_history(history, self.settings.max_history_turns, self.settings.max_turn_chars)
        # The features switched on are part of the key: an ablation must not be served the full system's answer.
        return self.collection, self.retriever.features, text, tuple(turns)

    def _logged(self, question: object, answer: Callable[[], Answer]) -> Answer:
        """answer(), with one JSON line in the `assistant.requests` log whatever the outcome."""
        started = time.perf_counter()
        result, outcome = None, "answered"
        try:
            result = answer()
            return result
        except Exception as exc:
            outcome = type(exc).__name__
            raise
        finally:
            request_log.info(self._log_line(question, result, outcome, time.perf_counter() - started))

    def _log_line(self, question: object, answer: Answer | None, outcome: str, seconds: float) -> str:
        line = {
            "question_chars": len(question) if isinstance(question, str) else None,
            "outcome": outcome,
            "mode": answer.mode if answer else self.mode,
            "latency_ms": round(seconds * 1000, 1),
            "citations": len(answer.citations) if answer else 0,
            "abstained": answer.abstained if answer else None,
        }
        if self.settings.log_questions:  # for debugging only: people ask about their own cases
            line["question"] = question if isinstance(question, str) else repr(question)[:200]
        return json.dumps(line, ensure_ascii=False)

    def ask_stream(self, question: str, history=None) -> Iterator[str | Answer]:
        """While a language model writes, its text so far (str); then the verified Answer.

        The streamed text is the model's own and unchecked; the final Answer has its citations
        validated, so front ends replace the partial text with it.
        """
        if self.chat_model is None:
            yield self.ask(question, history)
            return
        updates: queue.Queue = queue.Queue()

        def generate(messages) -> str:
            text = ""
            for chunk in self.chat_model.stream(messages):
                text += _text(chunk)
                updates.put(text)
            return text

        result: dict = {}

        def work() -> None:
            try:
                self.refresh()
                result["answer"] = self._logged(question, lambda: self.chain.invoke(
                    {"question": question, "history": history or [], "generate": generate}
                ))
            except BaseException as exc:  # handed to the caller below
                result["error"] = exc
            finally:
                updates.put(None)

        threading.Thread(target=work, daemon=True).start()
        while (partial := updates.get()) is not None:
            yield partial
        if "error" in result:
            raise result["error"]
        yield result["answer"]

    def retrieve(self, question: str) -> Retrieval:
        return self.retriever.retrieve(clean_question(question)[0])


def _text(message) -> str:
    content = message.content
    return content if isinstance(content, str) else "".join(
        part.get("text", "") if isinstance(part, dict) else str(part) for part in content
    )


__all__ = ["Assistant", "QuestionError", "clean_question", "clean_history"]
