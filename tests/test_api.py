"""The JSON API as scripts meet it, over real HTTP (uvicorn on a loopback port): the OpenAPI document,
the article list, batches, and citation fields that keep notes and resolution paragraphs apart from
articles."""

from __future__ import annotations

import httpx
import pytest

from assistant.references import parse_references
from assistant.web.api import create_app
from assistant.web.schema import MAX_BATCH
from tests.conftest import serve

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api(assistant):
    with serve(create_app(assistant)) as port:
        yield f"http://127.0.0.1:{port}"


def ask(api: str, question: str) -> dict:
    response = httpx.post(f"{api}/api/ask", json={"question": question}, timeout=120)
    assert response.status_code == 200, response.text
    return response.json()


def resolve(schema: dict, openapi: dict) -> dict:
    ref = schema.get("$ref") or next((s["$ref"] for s in schema.get("anyOf", []) if "$ref" in s), None)
    return openapi["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


def test_openapi_declares_the_response_models_and_error_statuses(api):
    openapi = httpx.get(f"{api}/openapi.json", timeout=30).json()
    schemas = openapi["components"]["schemas"]
    answer = schemas["Answer"]["properties"]
    assert {"summary", "yes_no", "abstain_reason", "citations", "related", "abstained"} <= set(answer)
    assert "out_of_scope" in str(answer["abstain_reason"]) and "depends" in str(answer["yes_no"])
    citation = schemas["Citation"]["properties"]
    assert {"label", "article", "paragraph", "doc_kind", "quote", "score", "passage_id", "note", "interprets",
            "resolution_paragraph"} <= set(citation)
    assert {"article", "paragraphs", "interpretative_notes"} <= set(schemas["Article"]["properties"])

    def responses(path: str, method: str) -> dict:
        return openapi["paths"][path][method]["responses"]

    ask_responses = responses("/api/ask", "post")
    assert {"200", "400", "413", "422", "503"} <= set(ask_responses)
    ok = ask_responses["200"]["content"]["application/json"]["schema"]
    assert resolve(ok, openapi) is schemas["Answer"] or ok["$ref"].endswith("/Answer")
    assert ask_responses["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    assert {"200", "404", "422"} <= set(responses("/api/articles/{number}", "get"))
    assert {"200", "413", "422"} <= set(responses("/api/ask/batch", "post"))
    assert "200" in responses("/api/articles", "get")


def test_article_list_gives_every_article_with_its_paragraph_labels(api, assistant):
    articles = httpx.get(f"{api}/api/articles", timeout=30).json()
    assert [a["number"] for a in articles] == sorted(assistant.index.articles)
    by_number = {a["number"]: a for a in articles}
    assert by_number[24]["title"] == "Conditions and safeguards" and by_number[24]["chapter"] == "IV"
    assert by_number[24]["paragraphs"][:2] == ["Article 24(1)", "Article 24(2)"]
    for article in articles:  # each label names a passage the article endpoint shows
        shown = httpx.get(f"{api}/api/articles/{article['number']}", timeout=30).json()
        assert [p["label"] for p in shown["paragraphs"]] == article["paragraphs"]


def test_batch_answers_in_order_each_as_ask_would(api):
    questions = ["What does Article 24 say?", "", {"question": "what about paragraph 3?",
                 "history": [["What does Article 24 say?", "Article 24 is in Chapter IV."]]},
                 "What is the capital of Australia?"]
    response = httpx.post(f"{api}/api/ask/batch", json={"questions": questions}, timeout=300)
    assert response.status_code == 200
    items = response.json()["answers"]
    assert [i["status"] for i in items] == [200, 400, 200, 200]
    single = ask(api, "What does Article 24 say?")
    assert items[0]["answer"]["text"] == single["text"] and items[0]["answer"]["citations"] == single["citations"]
    assert items[1]["answer"] is None and items[1]["detail"] == "the question is empty"
    assert [c["label"] for c in items[2]["answer"]["citations"]] == ["Article 24(3)"]
    assert items[3]["answer"]["abstained"] is True and items[3]["answer"]["abstain_reason"]


@pytest.mark.parametrize("questions", [[], ["What does Article 24 say?"] * (MAX_BATCH + 1), "not a list", [42]])
def test_batch_refuses_an_empty_oversized_or_malformed_list(api, questions):
    response = httpx.post(f"{api}/api/ask/batch", json={"questions": questions}, timeout=60)
    assert response.status_code == 422 and response.json()["detail"]


def test_batch_respects_the_body_size_limit(api):
    body = {"questions": ["What does Article 24 say? " + "x" * 3000] * MAX_BATCH}  # ~300 kB
    response = httpx.post(f"{api}/api/ask/batch", json=body, timeout=60)
    assert response.status_code == 413 and "TREATYQA_MAX_BODY_BYTES" in response.json()["detail"]


def test_a_note_citation_has_its_own_fields_and_a_label_that_round_trips(api):
    [note] = ask(api, "What does interpretative note 1 say?")["citations"]
    assert note["doc_kind"] == "interpretative_note" and note["note"] == 1 and note["interprets"] == [2]
    assert note["article"] is None and note["paragraph"] is None  # not mistaken for Article 2(1)
    assert [r.label for r in parse_references(note["label"])] == [note["label"]]


def test_a_resolution_citation_has_its_own_paragraph_field_and_a_label_that_round_trips(api):
    cited = ask(api, "What does resolution 79/243, paragraph 2 say?")["citations"]
    [paragraph] = [c for c in cited if c["doc_kind"] == "resolution"]
    assert paragraph["resolution_paragraph"] == 2 and paragraph["article"] is None
    assert [r.label for r in parse_references(paragraph["label"])] == [paragraph["label"]]


def test_labels_of_treaty_notes_and_resolution_paragraphs_round_trip(assistant):
    """Every label a citation can carry for an article's paragraph, a note or a resolution paragraph,
    read back by the reference parser, names the passage it came from."""
    for passage in assistant.index.passages:
        if passage.doc_kind == "commentary" or passage.label.endswith(("preamble", "Preamble", "79/243")) \
                or "footnote" in passage.label or passage.label == "Interpretative notes":
            continue
        [ref] = parse_references(passage.label)
        assert ref.label == passage.label
        assert passage in assistant.index.resolve(ref), passage.label


def test_a_cited_commentary_passage_has_a_score(api):
    cited = ask(api, "When was the convention adopted?")["citations"]
    assert cited and all(c["score"] > 0 for c in cited)
    assert "commentary" in {c["doc_kind"] for c in cited}
