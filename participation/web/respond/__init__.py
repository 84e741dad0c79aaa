"""What a parent, carer or professional sees: the feedback questionnaire behind a single-use link, in the
language the link was sent in. No session of any kind is opened here."""

from flask import Blueprint

bp = Blueprint("respond", __name__)

from . import feedback  # noqa: E402,F401  (views register on bp)
