"""drop the index on enterprise.kpm_hash: no query reads by it

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 18:30:00

Every import paid for it: the keyed hashes are random, so each new enterprise row went to a
random page of the index (an import of 100.000 rows into a database of a million enterprises
spent about a second on it). Add it back with the feature that looks enterprises up by KPM.
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enterprise", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enterprise_kpm_hash"))


def downgrade() -> None:
    with op.batch_alter_table("enterprise", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enterprise_kpm_hash"), ["kpm_hash"], unique=False)
