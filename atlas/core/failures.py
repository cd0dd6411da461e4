"""Unexpected failures: logged for the server's operators under a short id, which is all the
person who met the failure is shown (with a sentence in their language).

The log holds the exception's type and where it was raised, never its message: a database
error's message can quote a row's values (a name, a NIK) or the database's address.
"""

from __future__ import annotations

import logging
import secrets
import traceback


def log(exc: BaseException, where: str) -> str:
    """Log ``exc`` as a failure of ``where`` ("import", "page", "database"); its id."""
    error_id = secrets.token_hex(4)
    logging.getLogger(f"atlas.{where}").error(
        "%s failed [%s] %s\n%s",
        where,
        error_id,
        type(exc).__name__,
        "".join(traceback.format_tb(exc.__traceback__)),
    )
    return error_id


def log_unavailable(exc: BaseException) -> str:
    """Log that the database cannot be reached, with its message (which says where the
    database is and why, and holds no row's values); the id to show."""
    error_id = secrets.token_hex(4)
    logging.getLogger("atlas.database").error("database unavailable [%s] %s", error_id, exc)
    return error_id
