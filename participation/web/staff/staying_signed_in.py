"""Staying signed in: the time-out warning on staff pages (`static/js/staff-time-out.js`) is told how long the
session has left, and its "Stay signed in" button counts as using the site.

Only a person pressing the button keeps a session open: the page never asks by itself.
"""

from __future__ import annotations

from flask import g, jsonify
from flask_login import current_user

from ...platform.clock import utcnow
from .. import sessions
from ..access import staff_required
from . import bp

# How long before the time-out the warning shows.
WARN_SECONDS = 120


def seconds_left() -> int:
    """How long this staff session may now sit unused before it ends, in whole seconds."""
    row = g.get("auth_session")
    if row is None:
        return 0
    left = sessions.idle_timeout(row) - (utcnow() - row.last_seen_at)
    return max(0, int(left.total_seconds()))


@bp.context_processor
def idle_clock() -> dict:
    """What the time-out warning needs on every staff page of a signed-in person."""
    if not current_user.is_authenticated:
        return {}
    return {"idle_seconds_left": seconds_left(), "idle_warn_seconds": WARN_SECONDS}


@bp.route("/stay-signed-in", methods=["POST"])
@staff_required()
def stay_signed_in():
    """ "Stay signed in" on the time-out warning: the idle time starts again. Answers how long is left now."""
    row = sessions.current()
    assert row is not None  # staff_required let the request in
    row.last_seen_at = utcnow()
    return jsonify(seconds_left=seconds_left())
