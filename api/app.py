"""The FastAPI application: opens the index once in its lifespan and mounts the routes."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi_offline import FastAPIOffline

from index.core.errors import IndexNotReady
from index.search import SearchService

from .errors import install_error_handlers
from .settings import Settings


class ServiceHolder:
    """Opens the search service lazily and once, so a missing index is a 503, not a crash at start-up."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._service: SearchService | None = None
        self._lock = threading.Lock()

    def get(self) -> SearchService:
        with self._lock:
            if self._service is None:
                self._service = SearchService.open(self.settings.index)
            return self._service

    def close(self) -> None:
        with self._lock:
            if self._service is not None:
                self._service.close()
                self._service = None


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    holder = ServiceHolder(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with contextlib.suppress(IndexNotReady):  # answered per request with a readable 503
            holder.get()  # warm up: jieba and the searcher load before the first query
        yield
        holder.close()

    # FastAPIOffline: /docs and /redoc load Swagger UI and ReDoc from the package, not a CDN
    # (the users' networks are often closed); the app is a plain FastAPI otherwise.
    app = FastAPIOffline(
        title="rendakb",
        description="人大政策文件知识库：条款检索、责任单位、地区比较",
        version="0.1.0",
        lifespan=lifespan,
        swagger_ui_parameters={"validatorUrl": None},  # the validator badge would call swagger.io
    )
    app.state.settings = settings
    app.state.services = holder
    install_error_handlers(app)

    from .routes import router

    app.include_router(router)
    from .pages import install_pages  # late, like routes: pages imports get_service from here
    install_pages(app)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` worker processes: settings come from RENDAKB_* variables."""
    return create_app(Settings())


def get_service(request: Request) -> SearchService:
    return request.app.state.services.get()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings
