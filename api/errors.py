"""The one place that turns errors into HTTP answers: a 4xx a person can read, never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from index.core.errors import RendakbError

log = logging.getLogger(__name__)

# What each pydantic error type means, said for a person.
_VALIDATION_MESSAGES = {
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "int_parsing": "应为整数",
    "string_too_long": "太长（最多 {max_length} 个字符）",
    "missing": "缺少此参数",
    "literal_error": "取值应为 {expected}",
    "enum": "取值应为 {expected}",
}


def error_body(message: str, detail: str = "") -> dict[str, str]:
    return {"error": message, "detail": detail}


def describe_validation_error(exc: RequestValidationError) -> tuple[str, str]:
    parts, details = [], []
    for err in exc.errors():
        name = str(err.get("loc", ["", "?"])[-1])
        template = _VALIDATION_MESSAGES.get(err.get("type", ""), "无效")
        try:
            said = template.format(**(err.get("ctx") or {}))
        except (KeyError, IndexError):
            said = "无效"
        parts.append(f"参数 {name} {said}")
        details.append(f"{name}: {err.get('msg', '')}")
    return "；".join(parts) or "请求参数无效", "; ".join(details)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RendakbError)
    async def handle_rendakb_error(request: Request, exc: RendakbError) -> JSONResponse:
        return JSONResponse(error_body(exc.message, exc.detail), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def handle_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, detail = describe_validation_error(exc)
        return JSONResponse(error_body(message, detail), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def handle_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = "找不到这个地址" if exc.status_code == 404 else str(exc.detail)
        return JSONResponse(error_body(message, str(exc.detail)), status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def handle_bug(request: Request, exc: Exception) -> JSONResponse:
        # A 500 is a bug: log it whole, show the person nothing internal.
        log.exception("unhandled error on %s", request.url.path)
        return JSONResponse(error_body("服务器内部错误，请稍后再试", "internal error"), status_code=500)
