"""The organiser area of the series: the board, and planning talkshows."""
from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from ..accounts.login import role_required
from ..accounts.models import Role
from ..extensions import db
from .models import Talkshow

blueprint = Blueprint("series_manage", __name__, url_prefix="/organiser")


@blueprint.route("/")
@role_required(Role.ORGANISER, Role.EDITOR)
def board():
    talkshows = db.session.scalars(select(Talkshow).order_by(Talkshow.starts_at)).all()
    return render_template("series/manage/board.html", talkshows=talkshows)
