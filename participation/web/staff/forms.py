"""Forms used on staff pages. Every message is translated; every form carries a CSRF token. A form with something
to type is a `StaffForm`, so what was typed survives an idle time-out (see `web.form_keeping`)."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from ...consultation import questions
from ...feedback.questionnaires import LINK_LABELS
from ...forms.text import clean
from ...people.children import date_of_birth_problem
from ...people.staff import ROLE_LABELS
from ...platform.clock import today
from ...platform.i18n import LANGUAGES, LOCALES, display_name, native_name
from ...reviews import outcomes
from ...reviews.models import ReviewKind
from ...reviews.scheduling import KIND_LABELS
from ..form_keeping import StaffForm


def _email(label, required: bool = True):
    validators = [InputRequired(message=_l("Enter an email address"))] if required else [Optional()]
    validators += [
        Email(message=_l("Enter an email address in the right format, like name@example.org")),
        Length(max=254, message=_l("Email addresses must be 254 characters or fewer")),
    ]
    return EmailField(label, validators=validators, filters=[clean])


def role_choices():
    """The roles an administrator can give, in their words, after an empty first choice: no role is
    preselected, so nobody is made an administrator by not looking."""
    return [SelectChoice("", _l("Choose a role"))] + [
        SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()
    ]


class StaffUserForm(StaffForm):
    """An admin's view of a member of staff."""

    name = StringField(
        _l("Full name"),
        filters=[clean],
        validators=[
            InputRequired(message=_l("Enter their name")),
            Length(max=120, message=_l("Names must be 120 characters or fewer")),
        ],
    )
    email = _email(_l("Email address"))
    role = SelectField(
        _l("Role"), choices=role_choices, validators=[InputRequired(message=_l("Choose the person's role"))]
    )
    phone = StringField(
        _l("Phone number (optional)"),
        filters=[clean],
        validators=[Optional(), Length(max=30, message=_l("Phone numbers must be 30 characters or fewer"))],
    )
    active = BooleanField(_l("Account is active (they can sign in)"), default=True)


class PasswordResetForm(StaffForm):
    """How an admin resets someone's password: a one-time link, or a temporary password."""

    method = SelectField(
        _l("How should they choose a new password?"),
        choices=[
            SelectChoice("link", _l("Send them a one-time link")),
            SelectChoice("temporary", _l("Give them a temporary password to change when they next sign in")),
        ],
    )


def language_choices():
    """The languages a child may speak, named in the page language."""
    return [SelectChoice(code, display_name(code)) for code in LANGUAGES]


class ChildForm(StaffForm):
    """The few details kept about a child: data minimisation by design."""

    preferred_name = StringField(
        _l("Preferred name"),
        filters=[clean],
        description=_l("The name the child likes to be called. No surname."),
        validators=[
            InputRequired(message=_l("Enter the child's preferred name")),
            Length(max=80, message=_l("Names must be 80 characters or fewer")),
        ],
    )
    date_of_birth = DateField(
        _l("Date of birth"),
        invalid_value_message=_l("Enter the date of birth as a real date"),
        validators=[InputRequired(message=_l("Enter the date of birth as a real date"))],
    )
    preferred_language = SelectField(_l("Preferred language"), choices=language_choices)
    looked_after_since = DateField(
        _l("Looked after since (optional)"),
        description=_l(
            "The day the child came into care this time. Review timescales run from it: the first review within "
            "20 working days, the second within 3 months, then every 6 months."
        ),
        invalid_value_message=_l("Enter the date the child came into care as a real date"),
        validators=[Optional()],
    )
    left_care_on = DateField(
        _l("Left care on (optional)"),
        description=_l(
            "The day the child stopped being looked after. The retention periods for their record and their "
            "words count from it."
        ),
        invalid_value_message=_l("Enter the date the child left care as a real date"),
        validators=[Optional()],
    )
    iro_id = SelectField(_l("Allocated IRO"), coerce=int)
    social_worker_name = StringField(
        _l("Social worker's name"),
        filters=[clean],
        validators=[Optional(), Length(max=120, message=_l("Names must be 120 characters or fewer"))],
    )
    social_worker_email = _email(_l("Social worker's email"), required=False)
    team_manager_name = StringField(
        _l("Team manager's name"),
        filters=[clean],
        validators=[Optional(), Length(max=120, message=_l("Names must be 120 characters or fewer"))],
    )
    team_manager_email = _email(_l("Team manager's email"), required=False)
    case_reference = StringField(
        _l("Case reference (optional)"),
        filters=[clean],
        description=_l("The council's reference for this child."),
        validators=[Optional(), Length(max=40, message=_l("References must be 40 characters or fewer"))],
    )
    consultation_version = SelectField(
        _l("Questions before each review"),
        description=_l(
            "Usually chosen by age on the review date (4 to 11 younger, 12 to 17 older). Choose the "
            "other version if it suits the child better, for example simpler questions for a "
            "13-year-old with a learning disability."
        ),
        choices=lambda: (
            [SelectChoice("", _l("By age (recommended)"))]
            + [SelectChoice(key, label) for key, label in questions.VERSION_LABELS.items()]
        ),
        validators=[Optional()],
    )

    # Shown once a date of birth makes the child under 4 (see `children.under_four_needs_confirming`).
    under_four_confirmed = BooleanField(_l("Yes, this child is under 4"))

    def validate_date_of_birth(self, field):
        if field.data is None:  # not a real date: already reported
            return
        problem = date_of_birth_problem(field.data, today())
        if problem:
            raise ValidationError(problem)

    def validate_looked_after_since(self, field):
        if field.data is None:
            return
        if field.data > today():
            raise ValidationError(_l("The date the child came into care cannot be in the future"))
        if self.date_of_birth.data and field.data < self.date_of_birth.data:
            raise ValidationError(_l("The date the child came into care cannot be before their date of birth"))

    def validate_left_care_on(self, field):
        if field.data is None:
            return
        if field.data > today():
            raise ValidationError(_l("The date the child left care cannot be in the future"))
        if self.looked_after_since.data and field.data < self.looked_after_since.data:
            raise ValidationError(_l("The date the child left care cannot be before the date they came into care"))


class ReviewForm(StaffForm):
    """When a review happens and what kind it is."""

    day = DateField(
        _l("Date"),
        invalid_value_message=_l("Enter the date of the review as a real date"),
        validators=[InputRequired(message=_l("Enter the date of the review as a real date"))],
    )
    at = TimeField(
        _l("Time"),
        invalid_value_message=_l("Enter the time of the review, like 14:30"),
        validators=[InputRequired(message=_l("Enter the time of the review, like 14:30"))],
    )
    kind = SelectField(
        _l("Kind of review"),
        choices=lambda: [SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        default=ReviewKind.SUBSEQUENT.value,
    )
    # Shown once the date is before today (see `scheduling.past_day_needs_confirming`).
    past_confirmed = BooleanField(_l("Yes, the review was on this date"))

    def validate_day(self, field):
        if field.data is None:  # not a real date: already reported
            return
        if not today() - timedelta(days=366) <= field.data <= today() + timedelta(days=2 * 366):
            raise ValidationError(_l("The date must be within the last year or the next two years"))


class EmailLinkForm(StaffForm):
    """Send a child's new link to an address typed now (the address is not kept)."""

    link = StringField(validators=[InputRequired()])
    email = _email(_l("Email address to send the link to"))


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


def _yes_no(label):
    return RadioField(
        label,
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(message=_l("Choose yes or no"))],
    )


class OutcomeForm(StaffForm):
    """What the IRO records after a review: how the child took part, and the figures councils report."""

    held_on = DateField(
        _l("Date the review was held"),
        invalid_value_message=_l("Enter the date as a real date"),
        validators=[InputRequired(message=_l("Enter the date as a real date"))],
    )
    held_venue = SelectField(
        _l("Where it was held"), choices=lambda: [SelectChoice(c.key, c.label) for c in questions.VENUES]
    )
    child_attendance = RadioField(
        _l("Did the child attend?"),
        choices=lambda: [SelectChoice(k, v) for k, v in outcomes.ATTENDANCE.items()],
        validators=[InputRequired(message=_l("Choose whether the child attended"))],
    )
    participation_code = SelectField(
        _l("How the child took part (participation code)"),
        choices=lambda: (
            [SelectChoice("", _l("Choose a code"))]
            + [SelectChoice(k, v) for k, v in outcomes.PARTICIPATION_CODES.items()]
        ),
        validators=[InputRequired(message=_l("Choose a participation code"))],
    )
    chairing = RadioField(
        _l("Did the child chair their review?"),
        choices=lambda: [SelectChoice(k, v) for k, v in outcomes.CHAIRING.items()],
        validators=[InputRequired(message=_l("Choose whether the child chaired"))],
    )
    consultation_used = _yes_no(_l("Was the child's consultation used in the review?"))
    seen_before = _yes_no(_l("Did you see the child before the review?"))

    def validate_held_on(self, field):
        if field.data is None:  # not a real date: already reported
            return
        if field.data > today():
            raise ValidationError(_l("The date cannot be in the future"))
        if field.data < today() - timedelta(days=366):
            raise ValidationError(_l("The date must be within the last year"))


NOTE_LIMIT = 5000


class StatementNoteForm(StaffForm):
    """A note about something a child raised, for staff only."""

    note = TextAreaField(
        _l("Note (staff only: the child does not see this)"),
        filters=[clean],
        validators=[
            InputRequired(message=_l("Write the note")),
            Length(
                max=NOTE_LIMIT,
                message=lazy_ngettext(
                    "Keep the note under %(num)d character", "Keep the note under %(num)d characters", NOTE_LIMIT
                ),
            ),
        ],
    )


class StatementOutcomeForm(StaffForm):
    """The outcome: words for the child, a note for staff only, and whether it is resolved or closed."""

    final = RadioField(
        _l("Is it sorted?"),
        choices=lambda: [
            SelectChoice("resolved", _l("Resolved: it has been sorted out")),
            SelectChoice("closed", _l("Closed: it could not be sorted out, or is being dealt with another way")),
        ],
        validators=[InputRequired(message=_l("Choose resolved or closed"))],
    )
    for_child = TextAreaField(
        _l("What to tell the child"),
        filters=[clean],
        description=_l('The child reads this in "my messages". Use plain, kind words they will understand.'),
        validators=[
            InputRequired(message=_l("Write what to tell the child")),
            Length(
                max=NOTE_LIMIT,
                message=lazy_ngettext(
                    "Keep this under %(num)d character", "Keep this under %(num)d characters", NOTE_LIMIT
                ),
            ),
        ],
    )
    note = TextAreaField(
        _l("Internal note (optional: the child does not see this)"),
        # Its own id: the note form on the same page has a "note" box too, and each label must find its own.
        id="outcome-note",
        filters=[clean],
        validators=[
            Optional(),
            Length(
                max=NOTE_LIMIT,
                message=lazy_ngettext(
                    "Keep the note under %(num)d character", "Keep the note under %(num)d characters", NOTE_LIMIT
                ),
            ),
        ],
    )


class DateRangeForm(FlaskForm):
    """A date range for the problem log (read from the address, so it needs no CSRF token)."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), invalid_value_message=_l("Enter the date as a real date"), validators=[Optional()])
    end = DateField(_l("To"), invalid_value_message=_l("Enter the date as a real date"), validators=[Optional()])

    def validate_start(self, field):
        _within_the_service(field.data)

    def validate_end(self, field):
        _within_the_service(field.data)
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date must be on or after the start date"))


def _within_the_service(day) -> None:
    """A date a report can cover: from 2000 to 2100 (a typing slip like 9999 gets a kind message)."""
    if day is not None and not date(2000, 1, 1) <= day <= date(2100, 12, 31):
        raise ValidationError(_l("Enter a date between 2000 and 2100"))


class FeedbackLinkForm(StaffForm):
    """Make a feedback link for one parent, carer or professional, and optionally email it."""

    respondent = RadioField(
        _l("Who is it for?"),
        choices=lambda: [SelectChoice(key, label) for key, label in LINK_LABELS.items()],
        validators=[InputRequired(message=_l("Choose who the link is for"))],
    )
    email = _email(_l("Email it to (optional)"), required=False)
    language = SelectField(
        _l("Language of the email"), choices=lambda: [SelectChoice(code, native_name(code)) for code in LOCALES]
    )
