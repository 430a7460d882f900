"""The chat page as people meet it, in Debian's Chromium at a phone's size (390×844) and a laptop's
(1400×900): answers and their sources read as one, what scrolls where, the article browser, copying,
and WCAG 2.1 AA checks measured on the rendered page.

Screenshots for the README are written only when asked: TREATYQA_SCREENSHOTS=1 (so a test run leaves
the working tree as it was)."""

from __future__ import annotations

import os

import pytest

from assistant.config import PROJECT_ROOT

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}
QUESTION = "Can the police make my phone company keep my messages?"
SCREENSHOTS = os.environ.get("TREATYQA_SCREENSHOTS") == "1"

# Colours as the page renders them: an element's text colour and the opaque colour behind it (its own
# background or the nearest ancestor's, with translucent layers blended), and WCAG's contrast ratio.
CONTRAST_JS = """
([selector, what]) => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const over = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
                                  b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    return layers.reverse().reduce((under, top) => over(top, under), {r: 255, g: 255, b: 255, a: 1});
  };
  const luminance = ({r, g, b}) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const el = document.querySelector(selector);
  const style = getComputedStyle(el, what === 'placeholder' ? '::placeholder' : null);
  const bg = background(el);
  const fg = what === 'outline' ? parse(style.outlineColor) : over(parse(style.color), bg);
  // A focus ring sits outside the element: it is seen against the element's surroundings.
  const against = what === 'outline' ? background(el.parentElement) : bg;
  return {ratio: ratio(fg, against), fg: style.color, outline: style.outlineColor, outlineWidth: style.outlineWidth,
          bg: `rgb(${bg.r}, ${bg.g}, ${bg.b})`};
}
"""


def open_page(browser, url, viewport, **context):
    page = browser.new_context(viewport=viewport, **context).new_page()
    page.goto(url)
    page.locator("#question textarea").wait_for(timeout=30_000)
    page.locator("#ask-button").wait_for(timeout=30_000)
    return page


def ask(page, question: str = QUESTION, via: str = "#ask-button") -> None:
    before = page.locator("#chat [data-testid='bot']").count()
    page.locator("#question textarea").fill(question)
    page.locator(via).click()
    page.locator("#chat [data-testid='bot']").nth(before).wait_for(timeout=60_000)
    page.locator(f"#sources #sources-{before}, #status:has-text('Abstained')").first.wait_for(timeout=60_000)
    page.wait_for_timeout(400)  # the scroll to the answer runs after the last update


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= size["height"]


def save(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(PROJECT_ROOT / "docs" / name))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_question_box_is_on_screen_at_first_load(app_url, browser, viewport):
    page = open_page(browser, app_url, viewport)
    assert in_view(page, page.locator("#question textarea"))
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_after_asking_the_answer_starts_in_view_and_its_first_card_is_a_tap_away(app_url, browser, viewport):
    page = open_page(browser, app_url, viewport)
    ask(page)
    first_line = page.locator("#chat [data-testid='bot']").last.locator("p").first
    assert in_view(page, first_line)
    card = page.locator("#source-0-1")
    assert card.locator(".label").inner_text() == "Article 25(1)"
    if not in_view(page, card):  # on a phone the card is below: its marker opens it
        page.locator("#chat a.cite[href='#source-0-1']").first.click()
        page.wait_for_timeout(300)
    assert in_view(page, card)
    save(page, "screenshot-phone.png" if viewport is PHONE else "screenshot.png")
    page.context.close()


def test_markers_open_their_own_answers_cards_after_later_answers(app_url, browser):
    page = open_page(browser, app_url, DESKTOP)
    ask(page)
    ask(page, "Is revenge porn a crime under the treaty?")
    assert page.locator("#sources section.latest#sources-1").count() == 1
    earlier = page.locator("#sources details#sources-0")
    assert earlier.get_attribute("open") is None  # folded away, but kept
    page.locator("#chat [data-testid='bot']").first.locator("a.cite").first.click()
    card = page.locator("#source-0-1")
    card.wait_for(state="visible", timeout=5_000)
    assert in_view(page, card) and card.locator(".label").inner_text() == "Article 25(1)"
    assert earlier.get_attribute("open") is not None
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_show_full_article_opens_in_place_with_the_cited_paragraph_in_view(app_url, browser, viewport):
    page = open_page(browser, app_url, viewport)
    ask(page, "What does Article 24 say?")
    cards = page.locator("#sources-0 .source-card")
    last = cards.nth(cards.count() - 1)
    last.locator(".show-article").scroll_into_view_if_needed()
    last.locator(".show-article").click()
    cited = last.locator(".full-article .para.cited")
    cited.wait_for(state="visible", timeout=5_000)
    page.wait_for_timeout(300)
    assert in_view(page, cited)
    assert cited.get_attribute("data-label") == last.locator(".label").inner_text()
    page.context.close()


def test_clicking_an_example_asks_it(app_url, browser):
    page = open_page(browser, app_url, DESKTOP)
    page.get_by_text("What does Article 24 say?", exact=True).click()
    page.locator("#source-0-1").wait_for(timeout=60_000)
    assert page.locator("#chat [data-testid='user']").first.inner_text().strip() == "What does Article 24 say?"
    assert page.locator("#source-0-1 .label").inner_text() == "Article 24(1)"
    page.context.close()


@pytest.mark.parametrize("control", ["#clear-button", "#chat button[aria-label='Clear']"], ids=["button", "trash"])
def test_clear_empties_the_chat_the_cards_and_the_copy_box(app_url, browser, control):
    page = open_page(browser, app_url, PHONE)
    ask(page)
    assert page.locator("#copy-answer textarea").input_value()
    page.locator(control).click()
    page.locator("#sources .no-sources").wait_for(timeout=10_000)
    page.wait_for_timeout(500)
    assert page.locator("#chat [data-testid='bot']").count() == 0
    assert page.locator("#copy-answer textarea").input_value() == ""
    if control == "#clear-button":  # back to the top, ready for the next question
        assert page.evaluate("window.scrollY") == 0 and in_view(page, page.locator("#question textarea"))
    page.context.close()


def test_browser_jump_takes_a_paragraph_and_shows_it_highlighted(app_url, browser):
    page = open_page(browser, app_url, PHONE)
    page.get_by_role("tab", name="Browse the Convention").click()
    page.locator("#jump").locator("input, textarea").first.fill("24(2)")
    page.locator("#jump-button").click()
    cited = page.locator("#article-panel .para.cited")
    cited.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    assert page.locator("#article-panel h3").inner_text() == "Article 24. Conditions and safeguards"
    assert cited.count() == 1 and cited.get_attribute("data-label") == "Article 24(2)"
    assert in_view(page, cited)
    paragraphs = page.locator("#article-panel .para")
    assert paragraphs.count() == paragraphs.locator(".para-label").count() == paragraphs.locator("button.copy-citation").count()
    assert paragraphs.first.locator(".para-label").inner_text() == "Article 24(1)"
    for dropdown in ("#chapter", "#article"):  # the names end before the arrow begins
        overlap = page.evaluate("""(id) => {
            const input = document.querySelector(`${id} input`), arrow = document.querySelector(`${id} .dropdown-arrow`);
            const textEnd = input.getBoundingClientRect().right - parseFloat(getComputedStyle(input).paddingRight);
            return textEnd - arrow.getBoundingClientRect().left; }""", dropdown)
        assert overlap <= 0, dropdown
    page.locator("#jump").locator("input, textarea").first.fill("24(9)")
    page.locator("#jump-button").click()
    page.locator("#article-panel", has_text="no paragraph 9").wait_for(timeout=10_000)
    page.context.close()


def test_copy_says_copied_and_the_clipboard_holds_the_citation(app_url, browser):
    page = open_page(browser, app_url, DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    ask(page)
    button = page.locator("#source-0-1 .card-actions > button.copy-citation")
    button.click()
    page.locator("#source-0-1 .card-actions > button.copy-citation", has_text="Copied").wait_for(timeout=5_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Article 25(1) — Expedited preservation of stored electronic data: “1. Each State Party")
    page.context.close()


@pytest.mark.parametrize("broken, shows", [
    ("delete Navigator.prototype.clipboard;", "Copied"),  # no clipboard API: the older copy command
    ("delete Navigator.prototype.clipboard; document.execCommand = () => false;", "Press Ctrl+C"),  # neither
])
def test_copy_falls_back_when_the_clipboard_api_is_missing(app_url, browser, broken, shows):
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(broken)
    page = context.new_page()
    page.goto(app_url)
    page.get_by_role("tab", name="Browse the Convention").click()
    button = page.locator("#article-panel .para button.copy-citation").first
    button.click()
    page.locator("#article-panel .para button.copy-citation", has_text=shows).first.wait_for(timeout=5_000)
    if shows.startswith("Press"):  # the text is shown, selected, for the keyboard
        fallback = page.locator("#article-panel textarea.copy-fallback")
        assert fallback.input_value().startswith("Article 1(a) — Statement of purpose")
        assert page.evaluate("document.activeElement.className") == "copy-fallback"
    context.close()


def test_contrast_of_buttons_placeholder_and_focus_ring(app_url, browser):
    page = open_page(browser, app_url, DESKTOP)

    def contrast(selector: str, what: str = "text") -> dict:
        page.locator(selector).wait_for(timeout=10_000)
        return page.evaluate(CONTRAST_JS, [selector, what])

    for button in ("#ask-button", "#clear-button"):
        assert contrast(button)["ratio"] >= 4.5, (button, contrast(button))
    assert contrast("#question textarea", "placeholder")["ratio"] >= 4.5
    page.locator("#question textarea").focus()
    ring = contrast("#question textarea", "outline")
    assert float(ring["outlineWidth"].rstrip("px")) >= 2 and ring["ratio"] >= 3, ring
    page.get_by_role("tab", name="Browse the Convention").click()
    assert contrast("#ask-about")["ratio"] >= 4.5
    page.context.close()


def test_names_headings_and_live_regions_for_assistive_technology(app_url, browser):
    page = open_page(browser, app_url, DESKTOP)
    assert page.get_by_role("textbox", name="Your question").count() == 1
    assert page.locator("#status").get_attribute("role") == "status"
    ask(page)
    assert page.get_by_role("heading", name="Answer 1", exact=True).count() == 1
    cards = page.locator("#sources-0 .source-card")
    assert cards.count() == cards.locator("h4").count() >= 1
    ask(page, "What is the capital of Australia?")
    assert "Abstained" in page.locator("#status[role=status]").inner_text()
    page.context.close()


def test_phone_text_is_at_least_14_px(app_url, browser):
    page = open_page(browser, app_url, PHONE)
    ask(page)
    small = page.evaluate("""() => [...document.querySelectorAll(
        '#ask-button, #clear-button, .source-card .kind, .source-card .where, .source-card summary, button.copy-citation,'
        + ' #status p, label span, button.gallery-item, [data-testid=block-label]')]
      .filter((e) => e.offsetParent !== null && e.textContent.trim())
      .map((e) => [e.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize)])
      .filter(([, size]) => size < 14)""")
    assert small == [], small
    page.context.close()
