"""Chain the audit trail by hash (existing events hashed in the order they were written), and refuse
TRUNCATE of it on PostgreSQL.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.audit_chain import GENESIS, content_hash
from storage.types import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_EVENTS = sa.table(
    "audit_event",
    sa.column("id", sa.Integer()),
    sa.column("at", UTCDateTime()),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("record_type", sa.String()),
    sa.column("record_id", sa.String()),
    sa.column("ref", sa.String()),
    sa.column("detail", sa.JSON()),
    sa.column("seq", sa.Integer()),
    sa.column("prev_hash", sa.String()),
    sa.column("row_hash", sa.String()),
)
_SQLITE_NO_UPDATE = (
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
)


def _hash_existing() -> None:
    """Give every event written before the chain its position and hashes, in the order of their IDs."""
    bind = op.get_bind()
    rows = bind.execute(sa.select(_EVENTS).order_by(_EVENTS.c.id)).mappings().all()
    prev = GENESIS
    for seq, row in enumerate(rows, start=1):
        digest = content_hash(dict(row), seq=seq, prev_hash=prev)
        bind.execute(
            _EVENTS.update().where(_EVENTS.c.id == row["id"]).values(seq=seq, prev_hash=prev, row_hash=digest)
        )
        prev = digest


def upgrade() -> None:
    """Add the chain columns, hash what is there, and (PostgreSQL) refuse TRUNCATE."""
    postgres = op.get_bind().dialect.name == "postgresql"
    op.add_column("audit_event", sa.Column("seq", sa.Integer(), nullable=True))
    op.add_column("audit_event", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_event", sa.Column("row_hash", sa.String(length=64), nullable=True))
    op.create_index("ix_audit_event_seq", "audit_event", ["seq"], unique=True)
    # The append-only trigger stands aside only inside this migration's own transaction.
    if postgres:
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    _hash_existing()
    if postgres:
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
        op.execute(
            "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
            "FOR EACH STATEMENT EXECUTE FUNCTION efrp_audit_append_only();"
        )
    else:
        op.execute(_SQLITE_NO_UPDATE)


def downgrade() -> None:
    """Drop the chain columns and the TRUNCATE trigger."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;")
    op.drop_index("ix_audit_event_seq", table_name="audit_event")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
    if op.get_bind().dialect.name != "postgresql":  # the table was rebuilt without its triggers
        op.execute(_SQLITE_NO_UPDATE)
        op.execute(
            "CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
        )
