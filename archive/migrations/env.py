"""Alembic environment: the engine comes from archive.db, never from an ini file."""

from alembic import context

from archive.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTER needs batch mode
    )
    context.run_migrations()
