"""Public pages of the labs (the full directory and map come with the labs issue)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import Lab

blueprint = Blueprint("labs", __name__)


@blueprint.route("/labs")
def directory():
    labs = db.session.scalars(select(Lab).options(selectinload(Lab.partners)).order_by(Lab.name)).all()
    return render_template("labs/directory.html", labs=labs)


@blueprint.route("/labs/<slug>")
def detail(slug: str):
    lab = db.session.scalar(select(Lab).where(Lab.slug == slug).options(selectinload(Lab.partners), selectinload(Lab.speakers)))
    if lab is None:
        abort(404)
    return render_template("labs/detail.html", lab=lab)
