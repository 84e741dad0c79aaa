"""A child's way in and their space: the front door, the personal link, choosing or giving a PIN or
pictures, "my space", the closed page and the quick exit."""

from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, session, url_for

from ...consultation import answers as consultations
from ...extensions import limiter
from ...feedback import responses as feedback
from ...people import child_secret, children, held
from ...people.models import Child, SecretKind
from ...platform.clock import today
from ...platform.i18n import LOCALES
from ...reviews import scheduling
from ...statements import kinds, reading
from .. import sessions
from ..access import child_pending, child_required, public
from . import bp
from .forms import NewPinForm, PicturesForm, PinForm


@bp.route("/")
@public
def index():
    """The front door: how children and staff get in."""
    return render_template("index.html")


@bp.route("/c/<token>")
@limiter.limit("30 per minute")
@public
def open_link(token: str):
    """A child's personal link: swap the token for a session, then move to a clean address."""
    child = children.child_for_token(token)
    if child is None:
        sessions.end_current("bad_link")
        return render_template("child/link_invalid.html"), 404
    sessions.start(child_id=child.id)
    chosen = request.args.get("lang")
    if chosen in LOCALES:
        child.page_language = chosen  # kept for next time too, on any phone
    return redirect(url_for("child.unlock"), code=303)


@bp.route("/me/secret", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@child_pending
def unlock():
    """Give your PIN or pictures, or choose them the first time."""
    child: Child = g.child
    if g.child_session.verified:
        return redirect(url_for("child.home"))
    if not child.secret_hash:
        return render_template("child/choose_secret.html", pictures_allowed=children.may_use_pictures(child, today()))
    form = PicturesForm() if child.secret_kind == SecretKind.PICTURES else PinForm()
    result = None
    if form.validate_on_submit():
        secret = child_secret.picture_secret(form.sequence()) if isinstance(form, PicturesForm) else form.pin.data
        result = child_secret.check_secret(child, secret)
        if result.ok:
            return _enter_space(child)
    locked_until = child.secret_locked_until if child_secret.secret_status(child) == "locked" else None
    status = 429 if locked_until else (401 if result else 200)
    return render_template(
        "child/unlock.html", form=form, result=result, locked_until=locked_until, pictures=child_secret.PICTURES
    ), status


def _enter_space(child: Child):
    # A new session id once the secret is given, so the pre-PIN id is worth nothing.
    sessions.start(child_id=child.id, verified=True)
    if held.waiting(child):
        # What they wrote while their space was closed comes first: they choose what happens to it.
        return redirect(url_for("child.held_forms"), code=303)
    return redirect(url_for("child.home"), code=303)


@bp.route("/me/secret/pin", methods=["GET", "POST"])
@child_pending
def set_pin():
    """Choose a 4-number PIN."""
    child: Child = g.child
    if child.secret_hash:
        return redirect(url_for("child.unlock"))
    form = NewPinForm()
    if form.validate_on_submit():
        child_secret.set_secret(child, SecretKind.PIN, form.pin.data)
        return _enter_space(child)
    return render_template("child/set_pin.html", form=form)


@bp.route("/me/secret/pictures", methods=["GET", "POST"])
@child_pending
def set_pictures():
    """Choose three pictures in order (for children up to 11)."""
    child: Child = g.child
    if child.secret_hash:
        return redirect(url_for("child.unlock"))
    if not children.may_use_pictures(child, today()):
        return redirect(url_for("child.set_pin"))
    form = PicturesForm()
    if form.validate_on_submit():
        child_secret.set_secret(child, SecretKind.PICTURES, child_secret.picture_secret(form.sequence()))
        return _enter_space(child)
    return render_template("child/set_pictures.html", form=form, pictures=child_secret.PICTURES)


@bp.route("/me/")
@child_required
def home():
    """My space: what I can do, and who my IRO is."""
    child: Child = g.child
    upcoming = scheduling.next_review(child)
    return render_template(
        "child/home.html",
        child=child,
        iro=child.iro,
        next_review=upcoming.scheduled_for if upcoming else None,
        consultation_due=bool(upcoming and consultations.version_for(child, upcoming)),
        kind_labels=kinds.CHILD_KIND_LABELS,
        kind_pictures=kinds.KIND_PICTURES,
        statement_count=reading.count_for_child(child),
        held_count=len(held.waiting(child)),
        feedback_review=feedback.open_for_child(child),
        # A child under 12 is never asked to email anyone; they can say something here, or phone.
        may_email=children.age_on(child.date_of_birth, today()) >= children.OLDER_BAND_FROM,
    )


@bp.route("/me/closed")
@public
def closed():
    """Shown when there is no open session: how to get back in."""
    return render_template(
        "child/closed.html",
        timed_out=request.args.get("timeout") == "1",
        saved=request.args.get("saved") == "1",
        held=request.args.get("held") == "1",
    )


@bp.route("/exit")
@public
def quick_exit():
    """Quick exit: end the child's session and replace the page with a neutral site."""
    sessions.end_current("quick_exit")
    session.clear()
    return redirect(current_app.config["QUICK_EXIT_URL"], code=303)
