"""The chat page's style sheet and script: colours that meet WCAG 2.1 AA, the phone layout, and what
the page does by itself (markers that open their card, copying with feedback, scrolling to what was
asked for, names for assistive technology)."""

from __future__ import annotations

from assistant.web.check_ui import CHECK_CSS

# Text colours reach 4.5:1 on their background and focus rings 3:1 (WCAG 2.1 AA, 1.4.3 and 1.4.11);
# the test suite measures the rendered colours.
ACCENT = "#1d4ed8"  # blue 700: white text on it 6.7:1; on white 6.7:1
ACCENT_DARK = "#1e3a8a"
PLACEHOLDER = "#4b5563"  # gray 600 on white 7.6:1

CSS = f"""
.gradio-container {{
  --button-primary-background-fill: {ACCENT}; --button-primary-background-fill-hover: {ACCENT_DARK};
  --button-primary-border-color: {ACCENT}; --button-primary-border-color-hover: {ACCENT_DARK};
  --button-primary-text-color: #ffffff; --button-primary-text-color-hover: #ffffff;
  --input-placeholder-color: {PLACEHOLDER}; --input-border-color-focus: {ACCENT};
  --color-accent: {ACCENT};
}}
#question textarea::placeholder {{ color: {PLACEHOLDER}; opacity: 1; }}
#question textarea:focus, #jump input:focus, #jump textarea:focus {{ outline: 3px solid {ACCENT} !important; outline-offset: 1px; border-color: {ACCENT} !important; }}
button:focus-visible, a:focus-visible, summary:focus-visible, .source-card:focus {{ outline: 3px solid {ACCENT} !important; outline-offset: 2px; }}
.sr-only {{ position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }}
#chat a.cite {{ color: {ACCENT}; font-weight: 700; text-decoration: underline; cursor: pointer; }}
.source-card {{ border-left: 5px solid #1f6feb; padding: 10px 12px; margin: 4px 0 8px; background: var(--block-background-fill); border-radius: 6px; scroll-margin-top: 8px; }}
.source-card.flash {{ box-shadow: 0 0 0 3px {ACCENT}; }}
.source-card.kind-commentary {{ border-left-color: #d97706; background: repeating-linear-gradient(135deg, transparent, transparent 8px, rgba(217,119,6,0.06) 8px, rgba(217,119,6,0.06) 16px); }}
.source-card.kind-resolution {{ border-left-color: #7c3aed; }}
.source-card.kind-interpretative_note {{ border-left-color: #059669; }}
.source-card .card-head {{ display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; margin: 0; font-size: 1em; }}
.source-card .marker {{ font-weight: 700; color: {ACCENT}; }}
.source-card .label {{ font-weight: 700; }}
.source-card .kind {{ font-size: 0.8em; font-weight: 400; text-transform: uppercase; letter-spacing: 0.04em; padding: 1px 6px; border-radius: 8px; background: rgba(31,111,235,0.12); }}
.source-card.kind-commentary .kind {{ background: rgba(217,119,6,0.18); }}
.source-card .where {{ font-size: 0.9em; margin: 2px 0 6px; }}
.source-card blockquote, .article-view .para-text {{ margin: 0; white-space: pre-wrap; font-family: Georgia, serif; }}
.source-card mark, .article-view mark {{ background: #fde68a; color: inherit; padding: 0 1px; }}
.card-actions {{ margin-top: 6px; display: flex; flex-direction: column; gap: 6px; align-items: flex-start; }}
.card-actions details {{ width: 100%; }}
summary.show-article, .answer-sources > summary {{ cursor: pointer; color: {ACCENT}; font-weight: 600; }}
.answer-sources > summary h3 {{ display: inline; font-size: 1em; }}
.answer-sources h3 {{ margin: 6px 0; }}
button.copy-citation {{ font: inherit; font-size: 0.9em; padding: 2px 10px; border: 1px solid {ACCENT}; color: {ACCENT}; background: transparent; border-radius: 6px; cursor: pointer; min-height: 28px; }}
textarea.copy-fallback {{ width: 100%; min-height: 4em; }}
.article-view .para {{ padding: 4px 8px; margin: 2px 0; border-radius: 4px; scroll-margin-top: 8px; }}
.article-view .para-head {{ display: flex; gap: 8px; align-items: center; justify-content: space-between; }}
.article-view .para-label {{ font-weight: 700; font-size: 0.9em; }}
.article-view .para.cited {{ background: rgba(253, 230, 138, 0.55); outline: 2px solid #b45309; }}
.related {{ margin-top: 10px; font-size: 0.95em; }}
.related blockquote {{ white-space: pre-wrap; font-family: Georgia, serif; margin: 4px 0 8px 12px; }}
.article-view .note {{ border-left: 4px solid #059669; padding-left: 8px; margin-top: 8px; }}
#chapter input, #article input {{ padding-right: 2.2em; text-overflow: ellipsis; overflow: hidden; white-space: nowrap; }}
@media (max-width: 767px) {{
  #chat {{ height: 46vh !important; }}
  button, label, span, .kind, .where, summary, p, input, textarea {{ font-size: max(14px, 1em) !important; }}
  #ask-tab-row {{ flex-direction: column; }}
}}
""" + CHECK_CSS

# Gradio scopes this style sheet: it puts ".gradio-container.gradio-container-<version> .contain" before
# each selector, so selectors here start inside the app.

# Run by the page itself (Gradio's `head`): no server round trip, so it works for every answer.
SCRIPT = """
<script>
window.treatyqa = (() => {
  const BOT = '#chat [data-testid="bot"]';

  // Answer k's "[n]" markers become links to its card n (#source-k-n); each answer gets a heading.
  function decorate() {
    document.querySelectorAll(BOT).forEach((bot, turn) => {
      if (!bot.querySelector('.answer-heading')) {
        const heading = document.createElement('h2');
        heading.className = 'answer-heading sr-only';
        heading.textContent = `Answer ${turn + 1}`;
        bot.prepend(heading);
      }
      const walker = document.createTreeWalker(bot, NodeFilter.SHOW_TEXT);
      const found = [];
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (/\\[\\d+\\]/.test(node.nodeValue) && !node.parentElement.closest('a, code, pre, .answer-heading')) found.push(node);
      }
      for (const node of found) {
        const text = node.nodeValue, pieces = document.createDocumentFragment();
        let last = 0;
        for (const m of text.matchAll(/\\[(\\d+)\\]/g)) {
          pieces.append(text.slice(last, m.index));
          const link = document.createElement('a');
          link.className = 'cite';
          link.href = `#source-${turn}-${m[1]}`;
          link.textContent = m[0];
          link.setAttribute('aria-label', `Source ${m[1]}`);
          pieces.append(link);
          last = m.index + m[0].length;
        }
        pieces.append(text.slice(last));
        node.replaceWith(pieces);
      }
    });
    const status = document.getElementById('status');
    if (status && !status.hasAttribute('role')) {  // "Abstained: ..." and errors are announced
      status.setAttribute('role', 'status');
      status.setAttribute('aria-live', 'polite');
    }
  }

  function open(id) {
    const target = document.getElementById(id);
    if (!target) return false;
    for (let d = target.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
    if (target.tagName === 'DETAILS') target.open = true;
    target.scrollIntoView({block: 'start'});
    target.classList.add('flash');
    setTimeout(() => target.classList.remove('flash'), 1600);
    target.focus({preventScroll: true});
    return true;
  }

  async function copy(text, button) {
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); copied = true; }
    } catch (e) { copied = false; }
    if (!copied) {  // no clipboard API (plain http on another host, older browsers) or permission refused
      const area = document.createElement('textarea');
      area.value = text; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
      document.body.append(area); area.select();
      try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
      area.remove();
    }
    const name = button.dataset.name || button.textContent;
    button.dataset.name = name;
    if (copied) {
      button.textContent = 'Copied';
      setTimeout(() => { button.textContent = name; }, 2000);
    } else if (!button.nextElementSibling || !button.nextElementSibling.matches('textarea.copy-fallback')) {
      // Last resort: the text, selected, for the reader to copy with the keyboard.
      const area = document.createElement('textarea');
      area.className = 'copy-fallback'; area.value = text; area.readOnly = true;
      area.setAttribute('aria-label', 'Text to copy: press Ctrl+C (or ⌘C)');
      button.after(area); area.focus(); area.select();
      button.textContent = 'Press Ctrl+C to copy';
    }
    announce(copied ? 'Copied' : 'Select the text and press Ctrl+C to copy');
  }

  function announce(message) {
    let region = document.getElementById('treatyqa-announce');
    if (!region) {
      region = document.createElement('div');
      region.id = 'treatyqa-announce'; region.className = 'sr-only';
      region.setAttribute('role', 'status'); region.setAttribute('aria-live', 'polite');
      document.body.append(region);
    }
    region.textContent = message;
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#source"]');
    if (link) {
      event.preventDefault(); event.stopPropagation();
      open(link.getAttribute('href').slice(1));
      return;
    }
    const button = event.target.closest && event.target.closest('button[data-copy]');
    if (button) { event.preventDefault(); copy(button.dataset.copy, button); }
  }, true);

  // An article opened in place scrolls just enough to show its cited paragraph.
  document.addEventListener('toggle', (event) => {
    const details = event.target;
    if (details.matches && details.matches('details.full-article') && details.open) {
      (details.querySelector('.para.cited') || details).scrollIntoView({block: 'nearest'});
    }
  }, true);

  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; decorate(); });
  }).observe(document.documentElement, {childList: true, subtree: true, characterData: true});

  return {
    open,
    // After an answer: its first line at the top of the screen (and of the chat box).
    scrollToAnswer() {
      const bots = document.querySelectorAll(BOT);
      const last = bots[bots.length - 1];
      if (!last) return;
      const row = last.closest('.message-row') || last;
      // The chat box scrolls by itself: put the answer's start at its top, under its label.
      for (let box = row.parentElement; box && box.id !== 'chat'; box = box.parentElement) {
        if (box.scrollHeight > box.clientHeight + 1) {
          box.scrollTop += row.getBoundingClientRect().top - box.getBoundingClientRect().top - 36;
          break;
        }
      }
      const chat = document.getElementById('chat');
      if (chat && chat.scrollHeight > chat.clientHeight + 1) {
        chat.scrollTop += row.getBoundingClientRect().top - chat.getBoundingClientRect().top - 36;
      }
      const top = row.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight - 120) window.scrollBy(0, top - 48);
    },
    // After a jump in the browser: the paragraph asked for in view.
    showCited(id) {
      const cited = document.querySelector(`#${id} .para.cited`);
      if (cited) cited.scrollIntoView({block: 'center'});
    },
    toTop() {
      window.scrollTo({top: 0});
      const box = document.querySelector('#question textarea');
      if (box) box.focus({preventScroll: true});
    },
  };
})();
</script>
"""
