"""app_user.area_code: an account scoped to a regional centre's working area

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 19:00:00

In the country's deployment a centre's staff see their own area's personal data only
(atlas/core/areas.py names the areas); empty for an account of the whole deployment.
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("area_code", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("area_code")
