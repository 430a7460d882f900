"""JSON API of the reference checker: POST /api/check and GET /api/provisions/{label}."""

from __future__ import annotations

import asyncio
from dataclasses import asdict

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from assistant.chain import Assistant
from assistant.check import MAX_CHECK_CHARS, CheckInputError, Lookup, TextTooLong, check_text, look_up


class CheckRequest(BaseModel):
    text: str = Field(..., description=f"A sentence to a memo of a few pages (at most {MAX_CHECK_CHARS:,} characters)")


def create_check_router(assistant: Assistant) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["reference checker"])

    @router.post("/check", summary="Check every reference to the Convention, and every claim about it, in a text")
    async def check(request: CheckRequest) -> dict:
        try:
            # Retrieval blocks on the model and Chroma; keep the event loop free for other users.
            report = await asyncio.to_thread(check_text, assistant, request.text)
        except TextTooLong as exc:
            raise HTTPException(status_code=413, detail=str(exc)) from exc
        except CheckInputError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc
        return report.to_dict()

    @router.get("/provisions/{label:path}", summary="Any spelling of a provision: its canonical label, title and text")
    def provision(label: str) -> dict:
        found = look_up(assistant.index, label)
        if not isinstance(found, Lookup):
            raise HTTPException(status_code=404, detail=found)
        return asdict(found)

    return router
