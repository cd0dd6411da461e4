"""import_run.corrections: what data staff corrected in the app before saving

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 08:20:00

The upload page lets a person retype refused cells and drop rows; the run records each
change (row, column, old and new value, identifiers masked) as JSON, for the history page.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrections", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_run", schema=None) as batch_op:
        batch_op.drop_column("corrections")
