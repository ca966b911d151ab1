"""Alembic environment of the workstation database.

Migrations run from ``desktop_app.models.database.migrate`` with an open
connection passed in ``config.attributes["connection"]``; from the command line
``alembic -x url=sqlite:///PATH revision --autogenerate -m "..."`` works too
(see ARCHITECTURE.md).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from desktop_app.models import Base
from desktop_app.models.kept_figures import outside_models

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=outside_models,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///miz-dev.sqlite3")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
