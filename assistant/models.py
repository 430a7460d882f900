"""Dataclasses at the seams: what ingest stores, what retrieval returns and what an answer carries."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

DOC_KINDS = ("treaty", "interpretative_note", "resolution", "commentary")
PRIMARY_KINDS = frozenset({"treaty", "interpretative_note", "resolution"})


@dataclass(frozen=True)
class Passage:
    """One chunk of a document: the unit that is embedded, retrieved and cited."""

    id: str
    doc_id: str
    doc_kind: str
    doc_title: str
    label: str  # the citation label, e.g. "Article 24(2)" or "Article 2(h)"
    text: str  # verbatim text shown to users
    context: str = ""  # prefix embedded with the text (article title, chapter) so lay questions match
    search_text: str = ""  # the text without the treaty's stock formulas, for matching (empty: text)
    source: str = ""
    date: str = ""
    chapter: str | None = None  # roman numeral, e.g. "IV"
    chapter_title: str | None = None
    article: int | None = None
    article_title: str | None = None
    paragraph: str | None = None  # "2"
    subparagraph: str | None = None  # "h"
    interprets: tuple[int, ...] = ()  # articles an interpretative note interprets
    order: int = 0  # position within its document
    # The plain-language layer (corpus/plain/): what the provision does in everyday words, its force
    # (must / may / ...) and the words people use for its subject ("; "-separated). Searched with the
    # text; never quoted as the provision.
    plain: str = ""
    force: str = ""
    words: str = ""

    @property
    def is_primary(self) -> bool:
        return self.doc_kind in PRIMARY_KINDS

    @property
    def embedding_text(self) -> str:
        """What is embedded and searched: the article title and chapter, the plain-language layer (first,
        so the model's length limit never cuts it), then the text without stock formulas."""
        parts = [self.context, self.plain, self.words, self.search_text or self.text]
        return "\n".join(part for part in parts if part)

    def to_metadata(self) -> dict[str, str | int]:
        """Flat metadata for Chroma, which accepts no None or lists."""
        meta: dict[str, str | int] = {}
        for f in fields(self):
            if f.name in ("id", "text"):
                continue
            value = getattr(self, f.name)
            if value is None:
                continue
            if f.name == "interprets":
                value = ",".join(str(n) for n in value)
            meta[f.name] = value
        return meta

    @classmethod
    def from_metadata(cls, id: str, text: str, meta: dict) -> "Passage":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in meta.items() if k in known}
        interprets = values.pop("interprets", "") or ""
        return cls(
            id=id,
            text=text,
            interprets=tuple(int(n) for n in str(interprets).split(",") if n),
            **values,
        )


@dataclass(frozen=True)
class Citation:
    """A cited passage. `article`, `paragraph` and `subparagraph` locate a provision of the Convention
    only (doc_kind "treaty"); a note has its own number (`note`) and the articles it interprets, a
    resolution paragraph its own number (`resolution_paragraph`), so neither reads as an article's."""

    label: str
    article: int | None
    paragraph: str | None
    subparagraph: str | None
    title: str | None
    doc_kind: str
    quote: str
    score: float
    passage_id: str = ""
    relation: str = ""  # related passages: "definition", "cross-reference", "interpretative note", "also a close match"
    note: int | None = None  # "Interpretative note 1" -> 1
    interprets: tuple[int, ...] = ()  # the articles a note interprets
    resolution_paragraph: int | None = None  # "Resolution 79/243, para. 2" -> 2

    @classmethod
    def from_passage(cls, passage: Passage, score: float, relation: str = "") -> "Citation":
        treaty = passage.doc_kind == "treaty"
        numbered = passage.paragraph if passage.paragraph and passage.paragraph.isdigit() else None
        return cls(
            label=passage.label,
            article=passage.article if treaty else None,
            paragraph=passage.paragraph if treaty else None,
            subparagraph=passage.subparagraph if treaty else None,
            title=passage.article_title or passage.doc_title,
            doc_kind=passage.doc_kind,
            quote=passage.text,
            score=round(float(score), 4),
            passage_id=passage.id,
            relation=relation,
            note=int(numbered) if numbered and passage.doc_kind == "interpretative_note" else None,
            interprets=tuple(passage.interprets),
            resolution_paragraph=int(numbered) if numbered and passage.doc_kind == "resolution" else None,
        )


YES_NO = ("yes", "no", "depends")


@dataclass
class Answer:
    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    # The answer's first sentence in plain words (a summary; the quotes stay the authority), and for a
    # question that asks yes or no, its conclusion: "yes", "no" or "depends" (else None).
    summary: str = ""
    yes_no: str | None = None
    # Why an answer abstained: nonexistent_provision, not_recorded, advice, other_law, out_of_scope,
    # unanswerable, no_match (None when it answered).
    abstain_reason: str | None = None
    mode: str = "offline"
    timings: dict[str, float] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    # Passages the cited ones depend on: Article 2 definitions of terms used, provisions referred to.
    # Offered for reading, not cited for any claim.
    related: list[Citation] = field(default_factory=list)
    # The ranked passages behind the answer (retrieve.Hit), for evaluation; not part of the JSON.
    retrieved: list = field(default_factory=list, repr=False, compare=False)

    def to_dict(self) -> dict:
        # Not asdict(self): that would deep-copy every retrieved passage only to drop them.
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "retrieved"}
        data["citations"] = [asdict(c) for c in self.citations]
        data["related"] = [asdict(c) for c in self.related]
        return data

    def to_json(self, **kwargs) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)
