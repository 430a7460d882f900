"""Protections around the whole app, the JSON API and the Gradio routes mounted on it: a body size limit,
no file uploads, security headers, and (on loopback) only this machine's host names."""

from __future__ import annotations

import ipaddress

from fastapi import FastAPI, HTTPException
from starlette.datastructures import MutableHeaders
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.config import Settings

# Gradio's routes that write request files to disk (kept there after shutdown). Nothing in this app
# takes a file, so they are refused outright.
UPLOAD_ROUTES = ("/gradio_api/upload", "/gradio_api/process_recording")
# No other site may frame the page (clickjacking) or have a response read as another content type.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
}


def guard(app: FastAPI, settings: Settings, host: str) -> None:
    """Everything below, on an app that listens on `host` (before Gradio is mounted on it)."""
    refuse_uploads(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    if allowed := local_hosts(host):
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed)
    app.add_middleware(SecurityHeaders)  # added last, so it runs first and marks the refusals too


def local_hosts(host: str) -> list[str] | None:
    """The names of this machine, when the app listens on loopback only: a page on any other name
    that reaches it (DNS rebinding) is refused. None when it listens beyond this machine."""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    return sorted({"127.0.0.1", "localhost", host}) if loopback else None


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(SECURITY_HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers if scope["type"] == "http" else send)


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
