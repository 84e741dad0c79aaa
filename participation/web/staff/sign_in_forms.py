"""Forms of signing in: the password, a new password, and the second step (an app code, a recovery code or a
passkey). None of them is kept over a time-out: they hold passwords and codes, never work to lose."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Optional

from ...forms.text import clean
from ...people.staff import MIN_PASSWORD_LENGTH


def _new_password(label):
    return PasswordField(
        label,
        validators=[
            InputRequired(message=_l("Enter a new password")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=lazy_ngettext(
                    "Passwords must be at least %(num)d character long",
                    "Passwords must be at least %(num)d characters long",
                    MIN_PASSWORD_LENGTH,
                ),
            ),
        ],
    )


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(
        _l("Email address"), filters=[clean], validators=[InputRequired(message=_l("Enter your email address"))]
    )
    password = PasswordField(_l("Password"), validators=[InputRequired(message=_l("Enter your password"))])


class SetPasswordForm(FlaskForm):
    """A new password, typed twice."""

    password = _new_password(_l("New password"))
    confirm = PasswordField(
        _l("Type the new password again"),
        validators=[
            InputRequired(message=_l("Type the new password again")),
            EqualTo("password", message=_l("The two passwords do not match")),
        ],
    )


class ChangePasswordForm(SetPasswordForm):
    """The current password, then a new one typed twice."""

    current = PasswordField(
        _l("Current password"), validators=[InputRequired(message=_l("Enter your current password"))]
    )


class SecondFactorForm(FlaskForm):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        filters=[clean],
        validators=[InputRequired(message=_l("Enter the code")), Length(max=40, message=_l("That code is too long"))],
    )


class AppSetupForm(FlaskForm):
    """Confirm an authenticator app with a code it shows."""

    code = StringField(
        _l("Code from the app"),
        filters=[clean],
        validators=[
            InputRequired(message=_l("Enter the 6-digit code the app shows")),
            Length(max=20, message=_l("Enter the 6-digit code the app shows")),
        ],
    )


class PasskeyForm(FlaskForm):
    """A passkey made or used in the browser (the script fills in ``credential``), with a name for a new one."""

    name = StringField(
        _l("Name for this passkey"),
        filters=[clean],
        validators=[Optional(), Length(max=60, message=_l("Keep the name to 60 characters or fewer"))],
    )
    credential = HiddenField(validators=[InputRequired(message=_l("The passkey was not made. Try again."))])
