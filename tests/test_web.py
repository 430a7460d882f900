"""The app as users and programs meet it: started on a free loopback port, called over HTTP, with
gradio_client, and driven in Debian's Chromium by Playwright."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.conftest import fake_openai, running_app

pytestmark = pytest.mark.slow


def test_http_ask_returns_answer_json_with_citations(app_url):
    response = httpx.post(f"{app_url}/api/ask", json={"question": "Can the police make my phone company keep my messages?"}, timeout=60)
    assert response.status_code == 200
    data = response.json()
    assert data["abstained"] is False and data["mode"] == "offline"
    assert data["citations"][0]["label"] == "Article 25(1)"
    assert {"label", "article", "paragraph", "title", "doc_kind", "quote"} <= set(data["citations"][0])
    assert set(data["timings"]) == {"retrieval_ms", "answer_ms", "total_ms"}


def test_the_app_logs_one_line_per_question_without_its_text(app):
    url, log = app
    question = "Can the police make my phone company keep my okapi-5512 messages?"
    httpx.post(f"{url}/api/ask", json={"question": question}, timeout=60)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert [line for line in lines if line["question_chars"] == len(question)]
    assert "okapi-5512" not in log.read_text()


def test_http_follow_up_uses_history(app_url):
    history = [["What does Article 24 say?", "Article 24 (Conditions and safeguards) is in Chapter IV."]]
    data = httpx.post(f"{app_url}/api/ask", json={"question": "what about paragraph 3?", "history": history}, timeout=60).json()
    assert [c["label"] for c in data["citations"]] == ["Article 24(3)"]


def test_http_abstains_out_of_scope(app_url):
    data = httpx.post(f"{app_url}/api/ask", json={"question": "What is the capital of Australia?"}, timeout=60).json()
    assert data["abstained"] is True and data["citations"] == []


@pytest.mark.parametrize(
    "body, status",
    [
        ({"question": ""}, 400),
        ({"question": "   "}, 400),
        ({}, 422),
        ({"question": 42}, 422),
        ({"question": "ok", "history": "not a list"}, 422),
        ({"question": "ok", "history": [["only one"]]}, 422),
    ],
)
def test_http_invalid_bodies_get_4xx_with_a_message(app_url, body, status):
    response = httpx.post(f"{app_url}/api/ask", json=body, timeout=60)
    assert response.status_code == status
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/ask", "/gradio_api/call/ask"])
def test_http_oversized_bodies_get_413_with_a_message(app_url, path):
    turn = ["What does Article 24 say? " + "x" * 150_000, "y" * 150_000]
    declared = httpx.post(f"{app_url}{path}", json={"question": "hi", "history": [turn]}, timeout=60)
    assert declared.status_code == 413 and "262,144 bytes" in declared.json()["detail"]
    chunked = httpx.post(f"{app_url}{path}", content=iter([b"x" * 100_000] * 3), timeout=60,
                         headers={"content-type": "application/json"})  # no Content-Length
    assert chunked.status_code == 413 and "TREATYQA_MAX_BODY_BYTES" in chunked.json()["detail"]
    small = httpx.post(f"{app_url}/api/ask", content=iter([b'{"question": ', b'"What does Article 24 say?"}']),
                       headers={"content-type": "application/json"}, timeout=60)
    assert small.status_code == 200 and small.json()["citations"]


@pytest.mark.parametrize("path", ["/gradio_api/upload", "/gradio_api/process_recording"])
def test_file_uploads_are_refused(app_url, path):
    response = httpx.post(f"{app_url}{path}", files={"files": ("notes.txt", b"kept on disk?")}, timeout=60)
    assert response.status_code == 403 and "takes no file uploads" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/", "/api/health", "/api/articles/99", "/docs", "/gradio_api/info"])
def test_responses_forbid_framing_and_type_sniffing(app_url, path):
    headers = httpx.get(f"{app_url}{path}", timeout=60).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_a_host_other_than_this_machine_is_refused_on_loopback(app_url):  # DNS rebinding
    port = app_url.rsplit(":", 1)[1]
    rebound = httpx.get(f"{app_url}/api/health", headers={"host": f"attacker.example:{port}"}, timeout=60)
    assert rebound.status_code == 400
    for host in ("localhost", "127.0.0.1"):
        assert httpx.get(f"{app_url}/api/health", headers={"host": f"{host}:{port}"}, timeout=60).status_code == 200


def test_any_host_is_served_when_bound_beyond_loopback(assistant):
    from assistant.web.api import create_app
    from tests.conftest import serve

    with serve(create_app(assistant, host="0.0.0.0")) as port:
        response = httpx.get(f"http://127.0.0.1:{port}/api/health", headers={"host": "treaty.example.org"}, timeout=60)
    assert response.status_code == 200


def test_http_non_json_body_gets_4xx(app_url):
    response = httpx.post(f"{app_url}/api/ask", content=b"\x00\xff not json", headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500


def test_http_articles_and_health(app_url):
    article = httpx.get(f"{app_url}/api/articles/41").json()
    assert article["title"] == "24/7 network" and article["chapter"] == "V"
    assert article["paragraphs"][0]["label"] == "Article 41(1)"
    two = httpx.get(f"{app_url}/api/articles/2").json()
    assert sum(p["text"].count("For the purposes of this Convention:") for p in two["paragraphs"]) == 1
    assert two["interpretative_notes"][0]["label"] == "Interpretative note 1"
    missing = httpx.get(f"{app_url}/api/articles/99")
    assert missing.status_code == 404 and "68 articles" in missing.json()["detail"]
    assert httpx.get(f"{app_url}/api/articles/abc").status_code == 422
    health = httpx.get(f"{app_url}/api/health").json()
    assert health["status"] == "ok" and health["articles"] == 68
    openapi = httpx.get(f"{app_url}/openapi.json").json()
    assert "/api/ask" in openapi["paths"]


def test_gradio_client_named_endpoint(app_url):
    from gradio_client import Client

    client = Client(f"{app_url}/", verbose=False)
    data = client.predict("Is revenge porn a crime?", None, api_name="/ask")
    assert data["citations"][0]["article"] == 16 and data["abstained"] is False
    empty = client.predict("", None, api_name="/ask")
    assert empty == {"error": "the question is empty", "status": 400}  # the status HTTP gives


def test_gradio_endpoint_validates_like_the_http_api(app):
    from gradio_client import Client

    url, log = app
    client = Client(f"{url}/", verbose=False)
    for history in (5, "not a list", [["only one"]], [[1, 2]]):
        body = {"question": "What does Article 24 say?", "history": history}
        assert httpx.post(f"{url}/api/ask", json=body, timeout=60).status_code == 422
        data = client.predict(body["question"], history, api_name="/ask")
        assert set(data) == {"error", "status"} and data["error"].startswith("history") and data["status"] == 422
    assert "Traceback" not in log.read_text()


def test_browser_chat_sources_full_article_and_browser(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app_url)
    assert "offline grounded answers" in page.locator("#status").inner_text()

    page.locator("#question textarea").fill("")
    page.locator("#ask-button").click()  # empty input is ignored
    page.wait_for_timeout(500)
    assert page.locator("#chat .message").count() == 0

    page.locator("#question textarea").fill("Can the police make my phone company keep my messages?")
    page.locator("#ask-button").click()
    first_card = page.locator(".source-card").first
    first_card.wait_for(timeout=60_000)
    answer = page.locator("#chat").inner_text()
    assert "Article 25 (Expedited preservation of stored electronic data) addresses this." in answer
    assert "[1]" in answer
    assert page.locator("#chat .message").count() >= 2  # the question and the answer
    assert first_card.locator(".marker").inner_text() == "[1]"
    assert first_card.locator(".label").inner_text() == "Article 25(1)"
    assert "preservation" in first_card.locator("blockquote").inner_text()

    first_card.locator(".show-article").click()  # the article opens in place, inside the card
    cited = first_card.locator(".full-article .para.cited")
    cited.wait_for(timeout=10_000)
    assert "Article 25. Expedited preservation of stored electronic data" in first_card.inner_text()
    assert cited.locator(".para-text").inner_text().startswith("1. Each State Party")

    page.locator("#question textarea").fill("what about paragraph 3?")  # a follow-up in the same chat
    page.locator("#ask-button").click()
    page.locator(".source-card .label", has_text="Article 25(3)").wait_for(timeout=60_000)

    page.locator("#question textarea").fill("Must countries criminalize the interception of data transmissions?")
    page.locator("#ask-button").click()
    card = page.locator(".source-card", has=page.locator(".label", has_text="Article 8(1)"))
    card.wait_for(timeout=60_000)
    assert {"interception", "transmissions"} <= set(card.locator("mark").all_inner_texts())  # the words asked with

    page.get_by_role("tab", name="Browse the Convention").click()
    page.locator("#jump").locator("input, textarea").first.fill("99")
    page.locator("#jump-button").click()
    page.locator("#article-panel", has_text="The Convention has no Article 99").wait_for(timeout=10_000)
    page.locator("#jump").locator("input, textarea").first.fill("41")
    page.locator("#jump-button").click()
    page.locator("#article-panel", has_text="Article 41. 24/7 network").wait_for(timeout=10_000)
    page.locator("#ask-about").click()
    page.locator(".source-card .label", has_text="Article 41(1)").wait_for(timeout=60_000)

    page.locator("#clear-button").click()
    page.locator("#sources .no-sources").wait_for(timeout=10_000)
    assert page.locator("#chat .message").count() == 0
    page.close()


def test_browser_odd_and_long_input_do_not_break_the_page(app_url, browser):
    page = browser.new_page()
    page.goto(app_url)
    page.locator("#question textarea").fill("¿Qué dice el artículo 7? 🤖 \u202e" + "x" * 3000)
    page.locator("#ask-button").click()
    page.locator("#status", has_text="cut to its first 2000 characters").wait_for(timeout=60_000)
    assert "Traceback" not in page.content()
    page.wait_for_timeout(500)
    before = page.locator("#chat .message").count()
    page.locator("#question textarea").fill("\u200b\u200b")  # nothing but invisible characters
    page.locator("#ask-button").click()
    page.locator("#status", has_text="the question is empty").wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    assert page.locator("#chat .message").count() == before  # no pending bubble left behind
    page.close()


def test_browser_fake_llm_streams_then_shows_the_verified_answer(full_index, tmp_path_factory, browser):
    reply = "Authorities can order a provider to preserve stored data [1]. The order can last 90 days [2]. See [8]."
    with fake_openai(reply) as (base_url, seen), running_app(
        full_index, tmp_path_factory, TREATYQA_LLM_PROVIDER="openai", TREATYQA_LLM_BASE_URL=base_url,
        TREATYQA_LLM_MODEL="local-model",
    ) as (url, _):
        page = browser.new_page()
        page.goto(url)
        assert "local-model" in page.locator("#status").inner_text()
        page.locator("#question textarea").fill("Can the police make my phone company keep my messages?")
        page.locator("#ask-button").click()
        page.locator("#status", has_text="Writing").wait_for(timeout=60_000)  # tokens arrive
        page.locator(".source-card").first.wait_for(timeout=60_000)
        chat = page.locator("#chat").inner_text()
        assert "The order can last 90 days [2]" in chat and "[8]" not in chat  # phantom removed
        assert "Removed citation [8]" in page.locator("#status").inner_text()
        assert page.locator(".source-card").count() == 2
        assert seen and seen[0]["stream"] is True
        page.close()


# ---- the reference checker ----------------------------------------------------------------------

def test_http_check_returns_verdicts_with_spans(app_url):
    text = "Article 16 criminalizes grooming a child online. The Convention was adopted in July 2024."
    response = httpx.post(f"{app_url}/api/check", json={"text": text}, timeout=120)
    assert response.status_code == 200
    data = response.json()
    [reference] = data["references"]
    assert reference["verdict"] == "not_supported" and reference["suggestions"][0]["label"] == "Article 15(1)"
    assert text[reference["start"]:reference["end"]] == "Article 16" and reference["provision"]["label"] == "Article 16"
    assert data["claims"][0]["verdict"] == "not_supported" and "24 December 2024" in data["claims"][0]["reason"]


@pytest.mark.parametrize("body, status, says", [
    ({"text": ""}, 400, "empty"),
    ({"text": "   "}, 400, "empty"),
    ({"text": "Article 7. " * 2001}, 413, "at most 20,000"),
    ({}, 422, ""),
    ({"text": 42}, 422, ""),
])
def test_http_check_refuses_bad_input_with_a_message(app_url, body, status, says):
    response = httpx.post(f"{app_url}/api/check", json=body, timeout=60)
    assert response.status_code == status
    assert response.json()["detail"] and says in str(response.json()["detail"])


@pytest.mark.parametrize("spelling, label", [
    ("Art. 24 para 2", "Article 24(2)"),
    ("art. 2(h)", "Article 2(h)"),
    ("resolution 79/243, paragraph 2", "Resolution 79/243, para. 2"),  # a slash in the path
    ("the note on article 17", "Interpretative note 3"),
])
def test_http_provisions_resolve_any_spelling(app_url, spelling, label):
    response = httpx.get(f"{app_url}/api/provisions/{spelling}")
    assert response.status_code == 200
    data = response.json()
    assert data["label"] == label and data["text"] and data["title"]


@pytest.mark.parametrize("spelling, says", [
    ("Article 99", "68 articles"), ("Article 7(9)", "no paragraph 9"), ("interpretative note 8", "no interpretative note 8"),
    ("Article 32(b) of the Budapest Convention", "Budapest Convention"), ("hello", "names no provision"),
])
def test_http_provisions_404_says_why(app_url, spelling, says):
    response = httpx.get(f"{app_url}/api/provisions/{spelling}")
    assert response.status_code == 404 and says in response.json()["detail"]


def test_browser_check_tab_highlights_each_reference_by_verdict(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(app_url)
    page.get_by_role("tab", name="Check references").click()
    page.locator("#check-button").click()  # nothing to check: a message, no crash
    page.locator("#check-status", has_text="the text is empty").wait_for(timeout=30_000)
    page.locator("#check-example").click()
    page.locator("#check-button").click()
    page.locator("#check-text mark").first.wait_for(timeout=120_000)
    colours = {
        page.locator(f"#check-text mark.{verdict} .marked").first.inner_text():
            page.locator(f"#check-text mark.{verdict}").first.evaluate("e => getComputedStyle(e).borderBottomColor")
        for verdict in ("supported", "not_supported", "unclear", "nonexistent")
    }
    assert colours == {"Art 24.2": "rgb(22, 163, 74)", "The General Assembly adopted the Convention in July 2024.":
                       "rgb(220, 38, 38)", "Article 15(3)": "rgb(217, 119, 6)", "Article 69": "rgb(220, 38, 38)"}
    assert page.locator("#check-text mark.other-instrument").inner_text() == "Article 32(b)"
    grooming = page.locator(".check-card", has_text="“Article 16”")
    assert "not supported" in grooming.inner_text().lower() and "Article 15(1)" in grooming.inner_text()
    grooming.locator("details.suggestion summary", has_text="Article 15(1)").click()
    assert "soliciting, grooming" in grooming.locator("details.suggestion blockquote").first.inner_text()
    assert "Budapest Convention: another treaty" in page.locator("#check-cards").inner_text()
    assert "Traceback" not in page.content()
    page.close()
