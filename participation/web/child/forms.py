"""Forms on the child's pages, with short, kind messages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Regexp, ValidationError

from ...people.child_secret import PICTURE_COUNT, PICTURES
from ...platform.i18n import western_digits

# PINs nobody should choose, because anyone would guess them first.
EASY_PINS = frozenset({"1234", "4321", "0123", "9876", "1212", "6969", "2580"} | {d * 4 for d in "0123456789"})


def _pin_field(label):
    return PasswordField(
        label,
        filters=[western_digits],
        validators=[
            InputRequired(message=_l("Type 4 numbers")),
            Regexp(r"^[0-9]{4}$", message=_l("Your PIN needs exactly 4 numbers, like 5 2 7 1")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": "4", "pattern": "[0-9]*"},
    )


class NewPinForm(FlaskForm):
    """Choose a 4-number PIN, typed twice."""

    pin = _pin_field(_l("Choose 4 numbers"))
    confirm = _pin_field(_l("Type the same 4 numbers again"))

    def validate_pin(self, field):
        if field.data in EASY_PINS:
            raise ValidationError(_l("That PIN is easy to guess. Try 4 numbers that are harder to guess."))

    def validate_confirm(self, field):
        if self.pin.data and field.data != self.pin.data:
            raise ValidationError(_l("The numbers are not the same. Try typing them again."))


class PinForm(FlaskForm):
    """Give your PIN."""

    pin = _pin_field(_l("Your PIN"))


def _picture_choices():
    return [SelectChoice(picture.key, picture.label) for picture in PICTURES]


ORDINALS = (_l("First picture"), _l("Second picture"), _l("Third picture"))


class PicturesForm(FlaskForm):
    """Choose (or give) three pictures in order."""

    first = RadioField(
        ORDINALS[0], choices=_picture_choices, validators=[InputRequired(message=_l("Choose your first picture"))]
    )
    second = RadioField(
        ORDINALS[1], choices=_picture_choices, validators=[InputRequired(message=_l("Choose your second picture"))]
    )
    third = RadioField(
        ORDINALS[2], choices=_picture_choices, validators=[InputRequired(message=_l("Choose your third picture"))]
    )

    def sequence(self) -> list[str]:
        """The chosen picture keys, in order."""
        return [self.first.data, self.second.data, self.third.data][:PICTURE_COUNT]
