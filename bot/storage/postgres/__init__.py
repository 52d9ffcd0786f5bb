"""PostgreSQL, for operators running one or several instances on one database: the only package
that imports psycopg."""

from bot.storage.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
