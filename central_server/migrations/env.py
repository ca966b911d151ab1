"""Alembic environment of the server-only tables (version table ``server_alembic_version``)."""

from __future__ import annotations

from alembic import context

from central_server.models import ServerBase

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=ServerBase.metadata,
    version_table="server_alembic_version",
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
