"""Extension objects, created unbound and attached to each app by ``create_app``."""

from pathlib import Path
from typing import TYPE_CHECKING

from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.model import Model as FlaskModel
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

MIGRATIONS_FOLDER = Path(__file__).parent / "migrations"


# --8<-- [start:naming-convention]
class Base(DeclarativeBase):
    """Declarative base for the typed SQLAlchemy 2.0 models."""

    # Every constraint and index gets a predictable name, so a later migration can drop or
    # change it by name on every database (SQLite's batch mode rebuilds tables and needs them).
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


# --8<-- [end:naming-convention]


db = SQLAlchemy(model_class=Base)

# The models' base class. At runtime it is db.Model: Base's declarative features plus
# Flask-SQLAlchemy's (the automatic table name, the bind key, Model.query). mypy cannot use an
# attribute of an object as a base class (python/mypy#8603), so it is shown that combination
# as a class of its own.
if TYPE_CHECKING:

    class Model(Base, FlaskModel):
        """What mypy knows of db.Model."""

else:
    Model = db.Model

# --8<-- [start:migrate]
# The migrations live inside the package, so `flask db ...` finds them from any folder.
migrate = Migrate(db=db, directory=str(MIGRATIONS_FOLDER))
# --8<-- [end:migrate]
mail = Mail()
jwt = JWTManager()
csrf = CSRFProtect()
# No default limits: only the endpoints that opt in are rate limited. A moving window
# counts the requests of the last minute, so a burst cannot straddle two fixed windows
# for twice the allowance, and a test that counts requests does not depend on when the
# minute turns. Set here, not in the config: the Limiter keeps the first app's strategy.
limiter = Limiter(key_func=get_remote_address, strategy="moving-window")
