"""The JSON API's request and response models: what /openapi.json documents, and what FastAPI checks
each response against. They mirror the dataclasses in assistant/models.py and assistant/articles.py."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.models import DOC_KINDS, YES_NO

MAX_BATCH = 100  # questions in one POST /api/ask/batch


class AskRequest(BaseModel):
    question: str = Field(..., description="The question, in plain language or naming provisions")
    history: list[tuple[str, str]] | None = Field(
        None, description="Earlier turns as [user, assistant] pairs, for follow-up questions"
    )


class BatchRequest(BaseModel):
    questions: list[str | AskRequest] = Field(
        ..., min_length=1, max_length=MAX_BATCH,
        description=f"1 to {MAX_BATCH} questions: each a string, or an object as POST /api/ask takes",
    )


class Citation(BaseModel):
    label: str = Field(..., description="Citation label, e.g. 'Article 24(2)', 'Interpretative note 1', "
                                        "'Resolution 79/243, para. 2'; parsed back, it names the same passage")
    article: int | None = Field(None, description="The Convention's article (treaty passages only)")
    paragraph: str | None = Field(None, description="The article's paragraph (treaty passages only)")
    subparagraph: str | None = Field(None, description="The paragraph's sub-paragraph letter (treaty passages only)")
    title: str | None = Field(None, description="The article's title, or the document's")
    doc_kind: Literal[DOC_KINDS]
    quote: str = Field(..., description="The passage, verbatim")
    score: float = Field(..., description="How well the passage matched (higher is closer); 0 for related passages")
    passage_id: str = Field("", description="Stable id: the document and the label, unchanged by re-ingest")
    relation: str = Field("", description="For related passages: why they are offered (definition, cross-reference, ...)")
    note: int | None = Field(None, description="An interpretative note's number")
    interprets: list[int] = Field(default_factory=list, description="The articles an interpretative note interprets")
    resolution_paragraph: int | None = Field(None, description="A resolution's operative paragraph number")


class Answer(BaseModel):
    question: str = Field(..., description="The question as read (typos corrected, references resolved)")
    text: str = Field(..., description="The answer with [n] markers, then the sources")
    citations: list[Citation]
    abstained: bool = Field(..., description="True when the documents do not answer; then nothing is cited")
    summary: str = Field("", description="The answer's first sentence in plain words")
    yes_no: Literal[YES_NO] | None = Field(None, description="For a yes/no question, its conclusion")
    # A string, not an enumeration: a reason added later must not turn answers into 500s.
    abstain_reason: str | None = Field(None, description=(
        "Why the answer abstained (null when it answered): nonexistent_provision, out_of_scope, not_recorded, "
        "advice, other_law, unanswerable or no_match"))
    mode: str = Field(..., description="'offline' or 'llm:<model>'")
    timings: dict[str, float] = Field(default_factory=dict, description="retrieval_ms, answer_ms, total_ms")
    notices: list[str] = Field(default_factory=list, description="What was corrected or removed on the way")
    related: list[Citation] = Field(default_factory=list, description="Passages offered for reading, not cited")


class BatchItem(BaseModel):
    status: int = Field(..., description="The status POST /api/ask would give this question: 200, 400 or 503")
    answer: Answer | None = Field(None, description="The answer (status 200)")
    detail: str | None = Field(None, description="Why there is no answer (status 400 or 503)")


class BatchAnswers(BaseModel):
    answers: list[BatchItem] = Field(..., description="One per question, in the order asked")


class Paragraph(BaseModel):
    label: str
    paragraph: str | None
    subparagraph: str | None
    text: str
    passage_id: str


class Note(BaseModel):
    label: str
    text: str


class Article(BaseModel):
    article: int
    title: str
    chapter: str
    chapter_title: str
    paragraphs: list[Paragraph]
    interpretative_notes: list[Note] = Field(default_factory=list)


class ArticleSummary(BaseModel):
    number: int
    title: str
    chapter: str = Field(..., description="Roman numeral")
    chapter_title: str
    paragraphs: list[str] = Field(..., description="The labels of its passages, e.g. 'Article 24(2)'")


class Error(BaseModel):
    detail: str = Field(..., description="What was wrong, in words")


def errors(*codes: int) -> dict[int | str, dict]:
    """OpenAPI `responses` for the given error statuses."""
    meaning = {
        400: "The question is empty (or only invisible characters)",
        404: "No such article",
        413: "The request body is over TREATYQA_MAX_BODY_BYTES",
        503: "The passage index (Chroma) cannot be reached",
    }
    return {code: {"model": Error, "description": meaning[code]} for code in codes}
