"""Request size limit: a body larger than ``max_body_bytes`` is refused with 413 (a
malformed body's 422 naming the fields is ``web.install``'s handler).

A pure ASGI middleware: it refuses at once when ``Content-Length`` says too much, and
otherwise counts the bytes as they arrive (a chunked body has no length), so a 50 MB
body is never read whole. The answer carries a Persian and an English message.
The 422 answer lists each refused field's location and message but never echoes the
input back (a lone surrogate or a 50 MB value must not break or bloat the answer).
Request threads (the ASGI event loop).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = {
    "detail": {
        "message": "حجم درخواست از حد مجاز سرور بیشتر است؛ تغییرات در بسته‌های کوچک‌تر "
        "فرستاده می‌شود.",
        "message_en": "request body too large",
    }
}


class BodyTooLarge(HTTPException):
    """Raised while the body is read: FastAPI answers it as the 413 it is."""

    def __init__(self) -> None:
        super().__init__(413, detail=TOO_LARGE["detail"])


class BodyLimit:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > limit
                except ValueError:
                    too_big = True
                if too_big:
                    await _refuse(send)
                    return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if not started:
                await _refuse(send)


async def _refuse(send: Any) -> None:
    body = json.dumps(TOO_LARGE, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
