"""The Flask extensions, created unbound so every feature can import them without the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from .database import Base

db = SQLAlchemy(model_class=Base)

# Every model subclasses ``Model``: Flask-SQLAlchemy's ``db.Model`` at run time, built on ``Base``;
# type checkers cannot follow that dynamic class, so they are shown ``Base`` (same metadata, same mapping).
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
mail = Mail()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
