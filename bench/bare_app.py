"""The yardstick of bench/http.py: bare Flask doing the least the project's pages and registration need.

``GET /`` reads 20 rows from a table in the same database and renders them in a Jinja template with a list;
``POST /items`` inserts one row and redirects. Same database (``DATABASE_URL``), same gunicorn settings, no
extensions. Run: ``DATABASE_URL=… gunicorn bench.bare_app:app``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Flask, redirect, render_template
from jinja2 import DictLoader
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, func, insert, select

metadata = MetaData()
items = Table(
    "bench_bare_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1>
<ul>{% for item in items %}<li><a href="/items/{{ item.id }}">{{ item.title }}</a>
<time datetime="{{ item.created_at.isoformat() }}">{{ item.created_at.strftime('%d-%m-%Y %H:%M') }}</time></li>
{% endfor %}</ul></body></html>"""


def prepare(url: str, rows: int = 20) -> None:
    """The table with at least ``rows`` rows (called once by the benchmark before the servers start)."""
    engine = create_engine(url)
    metadata.create_all(engine)
    with engine.begin() as connection:
        have = connection.scalar(select(func.count()).select_from(items)) or 0
        for n in range(have, rows):
            connection.execute(insert(items).values(title=f"Rij {n + 1}", created_at=datetime.now(UTC)))
    engine.dispose()


def create_app() -> Flask:
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"page.html": PAGE})  # compiled once, like the project's templates
    engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)

    @app.get("/")
    def page():
        with engine.connect() as connection:
            rows = connection.execute(select(items).order_by(items.c.id).limit(20)).all()
        return render_template("page.html", title="Twintig rijen", items=rows)

    @app.post("/items")
    def add():
        with engine.begin() as connection:
            connection.execute(insert(items).values(title="Nieuwe rij", created_at=datetime.now(UTC)))
        return redirect("/", code=303)

    return app


if os.environ.get("DATABASE_URL"):
    app = create_app()
