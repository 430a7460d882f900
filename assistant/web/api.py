"""JSON API for programs: POST /api/ask, GET /api/articles/{n}, GET /api/health (FastAPI, which Gradio
runs on, so the OpenAPI document is at /openapi.json and the docs at /docs)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from fastapi import APIRouter, FastAPI, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from assistant.articles import article_view
from assistant.chain import Assistant, QuestionError
from assistant.references import Reference
from assistant.store import StoreError
from assistant.web.check_api import create_check_router
from assistant.web.guard import guard


class AskRequest(BaseModel):
    question: str = Field(..., description="The question, in plain language or naming provisions")
    history: list[tuple[str, str]] | None = Field(
        None, description="Earlier turns as [user, assistant] pairs, for follow-up questions"
    )


def unavailable(exc: StoreError) -> str:
    return f"The passage index is unavailable, please try again shortly: {exc}"


def create_router(assistant: Assistant) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["treaty-qa"])
    # Answering blocks (the model, numpy), so it runs off the event loop, in a pool of its own sized by
    # TREATYQA_WORKERS: more threads than the cores can run only wait for the same CPU and the GIL.
    workers = ThreadPoolExecutor(assistant.settings.workers, thread_name_prefix="ask")

    @router.post("/ask", summary="Answer a question with verified citations")
    async def ask(request: AskRequest) -> dict:
        try:
            answer = await asyncio.get_running_loop().run_in_executor(
                workers, assistant.ask, request.question, request.history or [])
        except QuestionError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc
        except StoreError as exc:
            raise HTTPException(status_code=503, detail=unavailable(exc)) from exc
        return answer.to_dict()

    @router.get("/articles/{number}", summary="One article with its paragraphs")
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
