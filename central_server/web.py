"""What every answer of the server carries: JSON error bodies and security headers.

An error body is ``{"code": "...", "detail": ..., "message": "<Persian>"}`` for every
refusal and failure: ``code`` is a stable English word a client may branch on,
``detail`` keeps what FastAPI said (the workstation shows it), ``message`` is the
sentence for a person. An unexpected exception answers 500 with ``internal_error``
and no stack trace (the trace goes to the server's log only). Every answer carries
``nosniff``, no framing, no referrer, ``no-store``, a content security policy that
allows nothing (the interactive ``/docs`` page excepted) and, when the request came
over HTTPS, ``Strict-Transport-Security``.

Request threads of uvicorn workers (stateless).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("miz.server")

#: HTTP status → the error body's ``code`` and its Persian sentence.
ERRORS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "درخواست نادرست است."),
    401: ("unauthorized", "این رایانه شناخته نیست یا دسترسی آن لغو شده است."),
    403: ("forbidden", "این کار اجازه داده نشد."),
    404: ("not_found", "چنین نشانی‌ای روی سرور نیست."),
    405: ("method_not_allowed", "این روش درخواست برای این نشانی پذیرفته نیست."),
    409: ("conflict", "درخواست با وضعیت کنونی سرور ناسازگار است."),
    413: ("too_large", "درخواست بزرگ‌تر از اندازهٔ مجاز است."),
    422: ("invalid_request", "بدنهٔ درخواست با قرارداد سرور جور نیست."),
    429: ("rate_limited", "تعداد درخواست‌ها از حد مجاز گذشته است؛ کمی بعد دوباره بفرستید."),
    500: ("internal_error", "خطای داخلی سرور؛ جزئیات در گزارش سرور ثبت شد."),
}

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
}
STRICT_CSP = "default-src 'none'; frame-ancestors 'none'"
DOCS_PATHS = ("/docs", "/redoc")
HSTS = "max-age=31536000; includeSubDomains"


def error_body(status: int, detail: Any = None) -> dict[str, Any]:
    code, message = ERRORS.get(status, (f"http_{status}", ERRORS[400][1]))
    if isinstance(detail, dict) and isinstance(detail.get("message"), str):
        message = detail["message"]
    elif isinstance(detail, str) and any("\u0600" <= ch <= "\u06ff" for ch in detail):
        message = detail
    return {"code": code, "detail": detail if detail is not None else message, "message": message}


def install(app: FastAPI, https_only_hsts: bool = True) -> None:
    """Error handlers and the security-header middleware on ``app``."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            error_body(exc.status_code, exc.detail),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # the fields and what is wrong with them (at most 50); never the values sent back
        # (a lone surrogate or a 50 MB value must not break or bloat the answer)
        fields = [
            {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()[:50]
        ]
        names = ", ".join(".".join(f["loc"][1:]) or "body" for f in fields[:5])
        detail = {
            "message": "قالب درخواست نادرست است؛ برنامهٔ این رایانه را به‌روز کنید.",
            "message_en": f"invalid request: {names}",
            "fields": fields,
        }
        return JSONResponse(error_body(422, detail), status_code=422)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(error_body(500), status_code=500, headers=SECURITY_HEADERS)

    app.add_middleware(SecurityHeaders, https_only_hsts=https_only_hsts)


class SecurityHeaders:
    """Adds the security headers an answer does not set itself (a pure ASGI middleware:
    it only edits the start of the answer, no request or body object per request)."""

    def __init__(self, app: ASGIApp, https_only_hsts: bool = True) -> None:
        self.app = app
        self.https_only_hsts = https_only_hsts
        self.always = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(self.always)
        if not scope["path"].startswith(DOCS_PATHS):
            extra.append((b"content-security-policy", STRICT_CSP.encode()))
        if self.https_only_hsts and scope.get("scheme") == "https":
            extra.append((b"strict-transport-security", HSTS.encode()))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _value in headers}
                headers.extend(h for h in extra if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
