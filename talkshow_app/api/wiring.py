"""Connects the open data's shared plumbing to the app: the description's routes, CORS and the error shape."""

from __future__ import annotations

from flask import Flask

from . import cors
from .errors import ApiError, error_response
from .views import blueprint


def init_app(app: Flask) -> None:
    app.register_blueprint(blueprint)
    cors.init_app(app)

    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        return error_response(error.status, error.code, error.invalid)
