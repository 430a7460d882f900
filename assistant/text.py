"""Pure text helpers shared by retrieval and answering: tokens for BM25, sentences for quoting."""

from __future__ import annotations

import functools
import re
import threading

import snowballstemmer

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just let me
    more most my myself no nor not now of off on once only or other our ours ourselves out over own same
    she should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves shall may must might say says said tell told convention
    treaty un united nations article articles paragraph state states party parties un's cover covers
    covered mean means apply applies happen happens exist anything something thing things please""".split()
)
_ENGLISH = snowballstemmer.stemmer("english")
_STEMMER_LOCK = threading.Lock()  # a Snowball stemmer keeps state while it works
_BRITISH = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations)$")  # criminalise → criminalize
# Words the stemmer would merge although the treaty uses them for different things: the "proceeds" of
# crime are money, "proceedings" are a trial; "dual criminality" is a condition of cooperation, while
# "criminal" is on almost every page.
KEPT_APART = frozenset({"proceeds", "criminality"})  # each its own token, unstemmed


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem, with British -ise spellings read as -ize: "interception" and
    "intercepting", "extradite" and "extradition", "criminalise" and "criminalization" meet."""
    if word in KEPT_APART:
        return word
    word = _BRITISH.sub(r"iz\1", word)
    with _STEMMER_LOCK:
        return _ENGLISH.stemWord(word)


# No word of the texts is this long; longer tokens (a 2,000-digit number) are kept as they are, so the
# stem cache's 50,000 entries stay small whatever a question holds.
LONGEST_STEMMED = 40


def tokenize(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+(?:/[0-9]+)?", text.lower().replace("’", "'"))
    return [stem(w) if len(w) <= LONGEST_STEMMED else w
            for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b(?:(\d{{1,2}})\s+)?({MONTHS})\s+(\d{{4}})\b")  # "24 December 2024", "July 2024"

_MARKER_ONLY = re.compile(r"^(\d+\.|\([a-z]{1,4}\))$")
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(“\"])")


_QUESTION_SENTENCE = re.compile(r"[^.?!]+[.?!]*")


def question_sentences(question: str) -> list[str]:
    """A question's sentences, each ending at ".", "?" or "!" (a user's text, not a verbatim passage)."""
    return [s.strip() for s in _QUESTION_SENTENCE.findall(question) if s.strip()]


def asking_sentence(question: str) -> str:
    """The last sentence that asks (ends with "?"), else the whole text: in a story, what is asked rather
    than the narrative's detail."""
    asked = [s for s in question_sentences(question) if s.endswith("?")]
    return asked[-1] if asked else question.strip()


def sentences(text: str) -> list[str]:
    """Sentences of a verbatim passage, one printed line at a time (markers like "(a)" kept)."""
    result: list[str] = []
    for line in text.split("\n"):
        pieces = [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
        for piece in pieces:
            if result and _MARKER_ONLY.match(result[-1]) and result[-1] in line:
                result[-1] = f"{result[-1]} {piece}"  # "1." is a paragraph number, not a sentence
            else:
                result.append(piece)
    return result
