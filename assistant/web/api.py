"""JSON API for programs: POST /api/ask, POST /api/ask/batch, GET /api/articles, GET /api/articles/{n},
GET /api/health (FastAPI, which Gradio runs on, so the OpenAPI document is at /openapi.json and the docs
at /docs; the response models are in assistant/web/schema.py)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from fastapi import APIRouter, FastAPI, HTTPException
from fastapi.responses import JSONResponse

from assistant.articles import article_view, chapters
from assistant.chain import Assistant, QuestionError
from assistant.references import Reference
from assistant.store import StoreError
from assistant.web.check_api import create_check_router
from assistant.web.guard import guard
from assistant.web.schema import (
    Answer, Article, ArticleSummary, AskRequest, BatchItem, BatchAnswers, BatchRequest, errors,
)


def unavailable(exc: StoreError) -> str:
    return f"The passage index is unavailable, please try again shortly: {exc}"


def create_router(assistant: Assistant) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["treaty-qa"])
    # Answering blocks (the model, numpy), so it runs off the event loop, in a pool of its own sized by
    # TREATYQA_WORKERS: more threads than the cores can run only wait for the same CPU and the GIL.
    workers = ThreadPoolExecutor(assistant.settings.workers, thread_name_prefix="ask")

    @router.post("/ask", summary="Answer a question with verified citations", response_model=Answer,
                 responses=errors(400, 413, 503))
    async def ask(request: AskRequest) -> dict:
        try:
            answer = await asyncio.get_running_loop().run_in_executor(
                workers, assistant.ask, request.question, request.history or [])
        except QuestionError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc
        except StoreError as exc:
            raise HTTPException(status_code=503, detail=unavailable(exc)) from exc
        return answer.to_dict()

    def answer_one(item: str | AskRequest) -> BatchItem:
        request = AskRequest(question=item) if isinstance(item, str) else item
        try:
            answer = assistant.ask(request.question, request.history or [])
        except QuestionError as exc:
            return BatchItem(status=400, detail=str(exc))
        except StoreError as exc:
            return BatchItem(status=503, detail=unavailable(exc))
        return BatchItem(status=200, answer=Answer.model_validate(answer.to_dict()))

    @router.post("/ask/batch", summary="Answer up to 100 questions, in order", response_model=BatchAnswers,
                 responses=errors(413))
    async def ask_batch(request: BatchRequest) -> BatchAnswers:
        """Each question is answered as POST /api/ask would answer it; one that /api/ask would refuse
        gets that status and message in its place, and the others are still answered."""
        # One after another in one worker thread: a batch takes no more of the machine than one user.
        items = await asyncio.to_thread(lambda: [answer_one(q) for q in request.questions])
        return BatchAnswers(answers=items)

    @router.get("/articles", summary="Every article: number, title, chapter and paragraph labels",
                response_model=list[ArticleSummary])
    def articles() -> list[ArticleSummary]:
        index = assistant.index
        return [
            ArticleSummary(number=number, title=title, chapter=roman, chapter_title=chapter_title,
                           paragraphs=[p.label for p in sorted(index.articles[number], key=lambda p: p.order)])
            for roman, chapter_title, items in chapters(index)
            for number, title in items
        ]

    @router.get("/articles/{number}", summary="One article with its paragraphs", response_model=Article,
                responses=errors(404))
    def article(number: int) -> dict:
        view = article_view(assistant.index, number)
        if view is None:
            raise HTTPException(status_code=404, detail=assistant.index.explain_missing(Reference(number)))
        return view.to_dict()

    @router.get("/health", summary="Liveness, the store's state and index facts")
    def health() -> JSONResponse:
        try:
            assistant.switch_to_latest()  # so the facts below are those of the index now published
            state = {"status": "ok", "store": "ok"}
        except StoreError as exc:  # reference lookups still work; searches do not
            state = {"status": "degraded", "store": "down", "detail": unavailable(exc)}
        facts = {
            "mode": assistant.mode,
            "passages": len(assistant.index.passages),
            "articles": assistant.index.article_count,
            "collection": assistant.collection,
        }
        return JSONResponse(state | facts, status_code=200 if state["store"] == "ok" else 503)

    return router


def create_app(assistant: Assistant, host: str = "127.0.0.1") -> FastAPI:
    """The API app for a server listening on `host`; app.py mounts the Gradio chat on it."""
    app = FastAPI(title="Treaty Q&A", description=__doc__, version="1.0")
    app.include_router(create_router(assistant))
    app.include_router(create_check_router(assistant))
    guard(app, assistant.settings, host)
    return app
