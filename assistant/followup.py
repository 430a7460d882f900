"""Follow-up questions resolved against the conversation, in both answer modes. Pure functions."""

from __future__ import annotations

import re

from assistant.references import BARE_PARAGRAPH, BARE_SUBPARAGRAPH, parse_references
from assistant.text import tokenize

FOLLOWUP_START = re.compile(r"^\s*(and|also|what about|how about|what if|then|but|so|same for|is that|does that|even|or)\b",
                            re.I)
# Pronouns alone are no sign: "Is it a crime to ...?" stands on its own. These phrasings point back.
BACK_REFERENCE = re.compile(
    r"\b(?:this|that|the same|the above) (?:article|provision|paragraph|rule)s?\b"
    r"|\b(?:does|do|did|can|could|would|will|is|are) (?:it|they|this|that) (?:also |still )?"
    r"(?:apply|applies|cover|say|mean|require|allow|include|extend|protect|forbid|permit|cover|affect|"
    r"relate|concern|work|limit)\b"
    r"|\bwhat does (?:it|this|that) (?:say|mean|require|cover)\b",
    re.I,
)
ARTICLE_MENTION = re.compile(r"\bArticles?\s+(\d{1,6})\b")
# A person or thing from the earlier turn: "what if he lives abroad?", "can I get them taken down?".
# ("Is it a crime to …?" and "is that …" open questions of their own, so "it" and "that" are no sign.)
POINTS_BACK = re.compile(
    r"\b(?:he|she|him|his|her|hers|they|them|their|those|these|there|then|such)\b"
    # "when does it first meet?", "how long does that country have to keep it?": "it" as the subject of
    # a verb a question asks about, or as its last word, and "that"/"the other" with a noun, point back;
    # "Is it a crime to …?" does not.
    r"|\b(?:does|do|did|can|could|would|will|should|must|has|have|had) (?:it|this|that)\b|\b(?:it|that)\s*\?\s*$"
    r"|\b(?:that|this|the other|the same) (?:country|countries|state|government|company|provider|person|suspect|"
    r"victim|data|request|order|court|case|evidence|information|offence|crime|one)\b",
    re.I,
)
ELLIPTICAL_WORDS = 1  # a question with this few words of its own ("for how long?") continues the last one
POINTING_WORDS = 8  # a question pointing back with this few words of its own continues the last one


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
            return int(mentions[-1] if re.search(r"does not (?:address|deal)", first_line) else m.group(1))
    return None


def extends_last_question(question: str) -> bool:
    """Does the question only add to the last one ("and its surveillance powers?", "what about human
    rights?"), so that what the last one asked for (say, what critics say) still holds? "Is hacking a crime
    under it?" asks a question of its own, though it points back."""
    return bool(FOLLOWUP_START.match(question)) or len(tokenize(question)) <= ELLIPTICAL_WORDS


def continues(question: str) -> bool:
    """Does the question lean on the earlier turns: a follow-up opening, a pointer back, or too few words
    of its own to stand alone?"""
    return extends_last_question(question) or bool(
        BACK_REFERENCE.search(question) or (POINTS_BACK.search(question) and len(tokenize(question)) <= POINTING_WORDS)
    )


def earlier_subject(history: list[tuple[str, str]], turns: int = 3) -> str:
    """What the conversation is about: the user's last question and, while those were follow-ups
    themselves, the questions they followed (at most `turns`, oldest first)."""
    asked = [user for user, _ in history if user.strip()]
    subject: list[str] = []
    for user in reversed(asked[-turns:]):
        subject.insert(0, user)
        if not continues(user):
            break
    return " ".join(subject)


def resolve_followup(question: str, history: list[tuple[str, str]]) -> tuple[str, str]:
    """Rewrite a follow-up so it stands alone: (question for retrieval, context from earlier turns).

    "what about paragraph 3?" after a question on Article 24 becomes "what about Article 24(3)?";
    "and does it apply to extradition?" names Article 24 and carries the earlier question as context.
    """
    if not history:
        return question, ""
    refs = parse_references(question)
    article = last_article(history)
    if refs and all(r.bare for r in refs) and article is not None:
        def attach(m: re.Match) -> str:
            ref = parse_references(m.group(0))[0].with_article(article)
            return ref.label
        rewritten = BARE_PARAGRAPH.sub(attach, question)
        if rewritten == question:
            rewritten = BARE_SUBPARAGRAPH.sub(attach, question)
        return rewritten, ""
    if refs or not continues(question):
        return question, ""
    if BACK_REFERENCE.search(question) and article is not None:
        return f"{question.rstrip(' ?')} (Article {article})?", earlier_subject(history)
    return question, earlier_subject(history)
