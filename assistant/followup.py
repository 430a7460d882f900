"""Follow-up questions resolved against the conversation, in both answer modes. Pure functions."""

from __future__ import annotations

import re

from assistant.references import BARE_PARAGRAPH, BARE_SUBPARAGRAPH, parse_references

FOLLOWUP_START = re.compile(r"^\s*(and|also|what about|how about|what if|then|but|so|same for|is that|does that)\b", re.I)
# Pronouns alone are no sign: "Is it a crime to ...?" stands on its own. These phrasings point back.
BACK_REFERENCE = re.compile(
    r"\b(?:this|that|the same|the above) (?:article|provision|paragraph|rule)s?\b"
    r"|\b(?:does|do|did|can|could|would|will|is|are) (?:it|they|this|that) (?:also |still )?"
    r"(?:apply|applies|cover|say|mean|require|allow|include|extend|protect|forbid|permit|cover|affect|"
    r"relate|concern|work|limit)\b"
    r"|\bwhat does (?:it|this|that) (?:say|mean|require|cover)\b",
    re.I,
)
ARTICLE_MENTION = re.compile(r"\bArticles?\s+(\d+)")


def last_article(history: list[tuple[str, str]]) -> int | None:
    """The article the conversation was last about: named by the user, else opening the answer."""
    for user, assistant in reversed(history):
        refs = [r for r in parse_references(user) if r.article is not None]
        if refs:
            return refs[0].article
        first_line = (assistant or "").strip().split("\n")[0]
        if m := ARTICLE_MENTION.search(first_line):
            # A "does not address this; Article 15 does" opening points at the article that does.
            mentions = ARTICLE_MENTION.findall(first_line)
            return int(mentions[-1] if "not address" in first_line else m.group(1))
    return None


def resolve_followup(question: str, history: list[tuple[str, str]]) -> tuple[str, str]:
    """Rewrite a follow-up so it stands alone: (question for retrieval, context from earlier turns).

    "what about paragraph 3?" after a question on Article 24 becomes "what about Article 24(3)?";
    "and does it apply to extradition?" names Article 24 and carries the earlier question as context.
    """
    if not history:
        return question, ""
    refs = parse_references(question)
    article = last_article(history)
    if article is None:
        return question, ""
    if refs and all(r.bare for r in refs):
        def attach(m: re.Match) -> str:
            ref = parse_references(m.group(0))[0].with_article(article)
            return ref.label
        rewritten = BARE_PARAGRAPH.sub(attach, question)
        if rewritten == question:
            rewritten = BARE_SUBPARAGRAPH.sub(attach, question)
        return rewritten, ""
    if refs:
        return question, ""
    previous = history[-1][0]
    if BACK_REFERENCE.search(question):
        return f"{question.rstrip(' ?')} (Article {article})?", previous
    if FOLLOWUP_START.match(question):
        return question, previous
    return question, ""
