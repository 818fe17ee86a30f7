"""Extension objects, created unbound and attached to each app by ``create_app``."""

from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_mail import Mail
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base for the typed SQLAlchemy 2.0 models."""


db = SQLAlchemy(model_class=Base)
mail = Mail()
jwt = JWTManager()
csrf = CSRFProtect()
# No default limits: only the endpoints that opt in are rate limited. A moving window
# counts the requests of the last minute, so a burst cannot straddle two fixed windows
# for twice the allowance, and a test that counts requests does not depend on when the
# minute turns. Set here, not in the config: the Limiter keeps the first app's strategy.
limiter = Limiter(key_func=get_remote_address, strategy="moving-window")
