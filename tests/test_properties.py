"""Property-based tests (hypothesis): whatever comes in, the question path, the history reader and the
reference parser give an answer or a clear error in bounded time, never a crash, and every citation is a
real passage, quoted as it is.

`make test` runs 50 examples of the question path and 300 of the pure parts (the "ci" profile, in
tests/conftest.py); `make fuzz` runs 10,000 of each (HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.chain import QuestionError, clean_history, clean_question
from assistant.config import Settings
from assistant.models import Answer
from assistant.references import Reference, parse_references, strip_references

# Pieces that make the parser work: keywords, separators and numbers of any size or sign.
KEYWORDS = st.sampled_from([
    "Article", "article", "Articles", "art.", "Art", "paragraph", "para.", "§", "subparagraph", "sub-paragraph",
    "point", "of", "in", "the", "and", "or", "to", "through", "-", "\u2212", "–", ",", "(", ")", "(a)", "(ii)",
    "what about", "does it apply", "Convention", "?",
])
NUMBERS = st.one_of(
    st.integers(min_value=-100, max_value=100).map(str),
    st.integers(min_value=0, max_value=10**12).map(lambda n: f"\u2212{n}"),  # a minus sign
    st.text("0123456789", min_size=1, max_size=30),
    st.integers(min_value=4000, max_value=6000).map(lambda n: "9" * n),  # past int()'s 4,300-digit limit
)
REFERENCE_TEXT = st.lists(
    st.one_of(st.tuples(KEYWORDS, NUMBERS).map(" ".join), KEYWORDS, NUMBERS, st.text(max_size=4)), max_size=40
).map(" ".join)
SHORT_TEXT = st.text() | REFERENCE_TEXT
TEXT = SHORT_TEXT | st.text(min_size=1900, max_size=2600)  # around the 2,000-character limit
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=30,
)
MESSAGE = st.fixed_dictionaries({
    "role": st.sampled_from(["user", "assistant", "system", 5]),
    "content": st.one_of(
        SHORT_TEXT, JSON, st.lists(st.fixed_dictionaries({"type": st.just("text"), "text": SHORT_TEXT | JSON}))
    ),
})
HISTORY = st.one_of(
    JSON,
    st.lists(st.tuples(SHORT_TEXT, SHORT_TEXT), max_size=15),
    st.lists(MESSAGE, max_size=24),
    st.lists(st.tuples(st.just("x " * 3000), st.just("Article " + "9" * 5000)), max_size=3),  # long turns
)

# The pure parts take milliseconds an example, the question path up to a second: they get more.
PURE = settings(max_examples=max(300, settings.default.max_examples), deadline=timedelta(seconds=2))
# Generous: catches a hang, not a slow or busy machine.
QUESTION_PATH = settings(deadline=timedelta(seconds=15))


@given(REFERENCE_TEXT | st.text())
@PURE
def test_reference_parser_reads_any_text(text):
    references = parse_references(text)
    assert all(isinstance(r, Reference) and isinstance(r.label, str) for r in references)
    assert len(references) == len(set(references))
    assert isinstance(strip_references(text), str)


@given(HISTORY)
@PURE
def test_history_reader_takes_any_shape(history):
    pairs = clean_history(history)
    assert len(pairs) <= Settings.max_history_turns
    for question, answer in pairs:
        assert isinstance(question, str) and isinstance(answer, str)
        assert len(question) <= Settings.max_turn_chars and len(answer) <= Settings.max_turn_chars


def assert_grounded(answer: Answer, index) -> None:
    """Every citation and related passage is a passage of the index, labelled and quoted as it is."""
    for citation in answer.citations + answer.related:
        passage = index.by_id[citation.passage_id]
        assert (citation.label, citation.quote) == (passage.label, passage.text)
    assert not (answer.abstained and answer.citations)
    json.dumps(answer.to_dict())


@given(question=TEXT | JSON, history=HISTORY)
@QUESTION_PATH
def test_any_question_gets_a_grounded_answer_or_a_clear_error(assistant, question, history):
    try:
        answer = assistant.ask(question, history)
    except QuestionError:  # only for a question that is not text or is empty once cleaned
        with pytest.raises(QuestionError):
            clean_question(question)
        return
    assert_grounded(answer, assistant.index)


@pytest.fixture(scope="module")
def api_url(assistant):
    from assistant.web.api import create_app
    from tests.conftest import serve

    with serve(create_app(assistant)) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.mark.slow
@given(body=st.one_of(JSON, st.fixed_dictionaries({"question": TEXT | JSON}, optional={"history": HISTORY})))
@QUESTION_PATH
def test_the_http_api_never_answers_5xx(assistant, api_url, body):
    response = httpx.post(f"{api_url}/api/ask", json=body, timeout=60)
    assert response.status_code in (200, 400, 413, 422), response.text
    if response.status_code == 200:
        data = response.json()
        for citation in data["citations"] + data["related"]:
            assert assistant.index.by_id[citation["passage_id"]].text == citation["quote"]
    else:
        assert response.json()["detail"]
