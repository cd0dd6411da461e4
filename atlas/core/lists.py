"""The closed lists: the values the database stores for sex, role, mode, statuses, sectors,
import kinds. Labels per language live in ``atlas.core.i18n``.

A module of its own, free of SQLAlchemy, so that the code reading uploads (which runs in a
child process per file, ``atlas.ingest.sandbox``) starts in a fraction of a second;
``atlas.store.models`` re-exports them.
"""

SEXES = ("L", "P")
ROLES = (
    "Pendamping Sosial",
    "Koordinator Kabupaten/Kota",
    "Koordinator Wilayah",
    "Supervisor",
    "Administrator Pangkalan Data",
)
MODES = ("daring", "luring", "campuran")
TRAINING_STATUSES = ("terdaftar", "lulus", "tidak lulus", "mengundurkan diri")
# A participant with one of these never counts as trained, whatever the dates say.
NOT_COMPLETED_STATUSES = ("tidak lulus", "mengundurkan diri")
SECTORS = (
    "kuliner",
    "perdagangan",
    "kerajinan",
    "pertanian",
    "peternakan",
    "perikanan",
    "jasa",
    "lainnya",
)
ENTERPRISE_STATUSES = ("rintisan", "berkembang", "mandiri", "tidak aktif")
INACTIVE_STATUS = "tidak aktif"
USER_ROLES = ("viewer", "coordinator", "data_staff", "admin")
IMPORT_KINDS = ("roster", "batches", "participants", "enterprises", "demo")
IMPORT_STATUSES = ("dry_run", "committed", "undone", "failed")
