"""Who may do what. One place that every page, query and CLI path asks.

Roles (docs/DOMAIN.md, "Roles"):

- viewer — aggregates only;
- coordinator — one province: detail rows (facilitator names, enterprise points) for it,
  aggregates elsewhere;
- data_staff — uploads, history, undo of their own runs; detail rows everywhere (they
  upload them);
- admin — everything, including users, any undo and settings.

A visitor who has not signed in is ``ANONYMOUS`` (role ``None``); whether they may see the
aggregate pages is the public-access setting, decided by ``public_pages_open``.
"""

from __future__ import annotations

from dataclasses import dataclass

from atlas.core import areas
from atlas.core.regions import province_of

ROLES = ("viewer", "coordinator", "data_staff", "admin")
DATA_ROLES = ("data_staff", "admin")
DETAIL_EVERYWHERE = ("data_staff", "admin")

# Page key -> roles allowed; PUBLIC pages are also open to anonymous visitors when the
# public-access setting allows it, OPEN ones always (the sign-in page).
PUBLIC = "public"
OPEN = "open"
PAGE_RULES: dict[str, tuple[str, ...] | str] = {
    "map": PUBLIC,
    "briefing": PUBLIC,
    "impact": PUBLIC,  # aggregates only, like the map
    "about": PUBLIC,
    "upload": DATA_ROLES,
    "history": DATA_ROLES,
    "admin": ("admin",),
    "signin": OPEN,
}


@dataclass(frozen=True)
class Principal:
    username: str | None = None
    role: str | None = None
    province: str | None = None  # coordinators only
    display_name: str = ""
    area: str | None = None  # a regional centre's staff in the country's deployment

    @property
    def signed_in(self) -> bool:
        return self.role is not None

    def sees_details(self, region_code: str | None) -> bool:
        """Personal rows (names, household points) of a region: by role and, for
        coordinators, only inside their own province; an account of a centre's area (the
        country's deployment) only inside the area's provinces, whatever its role."""
        if self.area and not self._in_area(region_code):
            return False
        if self.role in DETAIL_EVERYWHERE:
            return True
        if self.role != "coordinator" or not region_code:
            return False
        if self.province:
            return province_of(str(region_code)) == self.province
        return bool(self.area)  # a coordinator of a whole area: inside it (checked above)

    def _in_area(self, region_code: str | None) -> bool:
        return (
            bool(region_code) and province_of(str(region_code)) in areas.named(self.area).provinces
        )

    def may_import(self) -> bool:
        return self.role in DATA_ROLES

    def may_undo(self, run_user: str) -> bool:
        return self.role == "admin" or (self.role == "data_staff" and run_user == self.username)

    def may_administer(self) -> bool:
        return self.role == "admin"


ANONYMOUS = Principal()
# The application itself (setup, demo data, benchmarks): never a signed-in person.
SYSTEM = Principal(username="sistem", role="admin", display_name="sistem")
# Whoever runs the command line with the database's URL and credentials: they could change
# any row anyway, so the console is the way back in when every admin is held or forgotten
# (``users unlock``, ``users reset-password`` without ``--as``), audited under this name.
CONSOLE = Principal(username="konsol", role="admin", display_name="konsol")


class Denied(PermissionError):
    """An action the principal's role does not allow; ``key`` is an i18n message key."""

    def __init__(self, key: str = "acc.denied", **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def page_allowed(principal: Principal, page: str, public_open: bool) -> bool:
    rule = PAGE_RULES.get(page, ())
    if rule == OPEN:
        return True
    if rule == PUBLIC:
        return principal.signed_in or public_open
    return principal.role in rule


def public_pages_open(setting: str, demo_data: bool) -> bool:
    """``setting`` is yes / no / auto (auto: open only while the data is the demo data, so a
    fresh clone shows its map, and real data is closed until an admin decides otherwise)."""
    if setting == "yes":
        return True
    if setting == "auto":
        return demo_data
    return False
