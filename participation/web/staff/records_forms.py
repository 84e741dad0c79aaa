"""Forms of a child's records as a whole: finding a child (subject access, erasure), erasing one, and putting a
legal hold on their records or lifting it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from ...forms.text import clean
from ..form_keeping import StaffForm


class FindChildForm(FlaskForm):
    """Find a child's records by their case reference or record number (subject access, erasure)."""

    class Meta:
        csrf = False  # a search: it changes nothing

    reference = StringField(
        _l("Case reference or record number"),
        filters=[clean],
        validators=[
            InputRequired(message=_l("Enter the child's case reference or record number")),
            Length(max=40, message=_l("That reference is too long")),
        ],
    )


class EraseChildForm(StaffForm):
    """Confirm erasing a child: their preferred name typed again, and why."""

    name = StringField(
        _l("Type the child's preferred name to confirm"),
        filters=[clean],
        validators=[
            InputRequired(message=_l("Type the child's preferred name")),
            Length(max=80, message=_l("That is not the child's preferred name")),
        ],
    )
    reason = TextAreaField(
        _l("Why is this child being erased?"),
        description=_l("For example: the record was made in error. Do not write the child's name."),
        filters=[clean],
        validators=[
            InputRequired(message=_l("Say why this child is being erased")),
            Length(max=150, message=_l("Keep the reason to 150 characters or fewer")),
        ],
    )


HOLD_REASON_LIMIT = 500


def _hold_reason(label, description, required_message):
    return TextAreaField(
        label,
        description=description,
        filters=[clean],
        validators=[
            InputRequired(message=required_message),
            Length(
                max=HOLD_REASON_LIMIT,
                message=lazy_ngettext(
                    "Keep the reason to %(num)d character or fewer",
                    "Keep the reason to %(num)d characters or fewer",
                    HOLD_REASON_LIMIT,
                ),
            ),
        ],
    )


class LegalHoldForm(StaffForm):
    """Put a legal hold on a child's records: which child, and why."""

    reference = StringField(
        _l("Case reference or record number"),
        filters=[clean],
        validators=[
            InputRequired(message=_l("Enter the child's case reference or record number")),
            Length(max=40, message=_l("That reference is too long")),
        ],
    )
    reason = _hold_reason(
        _l("Why are the records held?"),
        _l("For example: a claim, an inquiry or a complaint to the Ombudsman, with its reference."),
        _l("Say why the records are held"),
    )


class LiftHoldForm(FlaskForm):
    """Lift a legal hold, saying why."""

    reason = _hold_reason(
        _l("Why is the hold lifted?"),
        _l("For example: the claim was settled."),
        _l("Say why the hold is lifted"),
    )
