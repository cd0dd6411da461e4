"""Enterprise codes made for rows without id_usaha no longer carry the household's hash

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 22:00:00

An enterprise imported without ``id_usaha`` was coded ``USH-<hash[:12]>-<NAME>``, the first
twelve characters of its household's keyed NIK hash: two codes told that two enterprises
belonged to one household. Now ``USH-`` and sixteen characters of a keyed hash of the
household's hash and the name's label (``atlas.ingest.kinds.enterprises.enterprise_code``, whose
formula is repeated here as it stood when this ran). The rows already stored are recoded so
that a file uploaded again still finds them, and the records undo reads are changed alike.
Codes a file gave (``id_usaha``) and the demo's are left alone.
"""

import hmac

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 5_000


def _new_code(key: bytes, kpm_hash: str, label: str) -> str:
    digest = hmac.new(key, f"usaha|{kpm_hash}|{label}".encode(), "sha256").hexdigest()
    return f"USH-{digest[:16].upper()}"


def upgrade() -> None:
    conn = op.get_bind()
    old_form = conn.execute(
        sa.text(
            "SELECT id, enterprise_code, kpm_hash FROM enterprise "
            "WHERE enterprise_code LIKE 'USH-____________-%'"
        )
    ).all()
    recode = [
        (row_id, code, kpm_hash)
        for row_id, code, kpm_hash in old_form
        if kpm_hash and code[4:16] == kpm_hash[:12].upper()
    ]
    if not recode:
        return
    from atlas.core import config  # only where there is something to recode: it needs the key

    key = config.secret_key()
    for start in range(0, len(recode), BATCH):
        changes = [
            {"id": row_id, "old": code, "new": _new_code(key, kpm_hash, code[17:])}
            for row_id, code, kpm_hash in recode[start : start + BATCH]
        ]
        conn.execute(
            sa.text("UPDATE enterprise SET enterprise_code = :new WHERE id = :id"), changes
        )
        conn.execute(
            sa.text(
                "UPDATE import_change SET before = REPLACE(before, :old, :new) "
                "WHERE table_name = 'enterprise' AND row_id = :id AND before IS NOT NULL"
            ),
            changes,
        )


def downgrade() -> None:
    # The old codes cannot be made from the new ones (a one-way hash); nothing depends on
    # their form, so the rows keep the codes they have.
    pass
