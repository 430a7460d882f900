"""ASGI middleware around the whole app: the JSON API and the Gradio routes mounted on it."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Gradio's routes that write request files to disk (kept there after shutdown). Nothing in this app
# takes a file, so they are refused outright.
UPLOAD_ROUTES = ("/gradio_api/upload", "/gradio_api/process_recording")


def refuse_uploads(app: FastAPI) -> None:
    """Answer Gradio's upload routes with a 403: registered before Gradio is mounted, they match first."""

    def no_uploads() -> None:
        raise HTTPException(status_code=403, detail="This app takes no file uploads.")

    for path in UPLOAD_ROUTES:
        app.add_api_route(path, no_uploads, methods=["POST"], include_in_schema=False)


class BodyLimit:
    """Refuse a request body over `max_bytes` with a 413 before the app reads any of it.

    Starlette and uvicorn set no limit. A declared Content-Length is checked up front; a chunked body
    (no length) is read here up to the limit and handed on, so no route ever holds more than that.
    """

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        if b"content-length" in headers:
            if int(headers[b"content-length"]) > self.max_bytes:  # uvicorn has checked it is a number
                return await self._refuse(scope, receive, send)
            return await self.app(scope, receive, send)
        if b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            return await self.app(scope, receive, send)  # no body
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                return await self._refuse(scope, receive, send)
            if not message.get("more_body"):
                break
        await self.app(scope, _replay(bytes(body), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"The request body is larger than {self.max_bytes:,} bytes (TREATYQA_MAX_BODY_BYTES)."
        await JSONResponse({"detail": detail}, status_code=413)(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the app the body already read, then whatever the client sends next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
