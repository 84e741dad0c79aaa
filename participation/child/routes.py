"""The child's pages. Thin: the rules live in `children`, `sessions` and `reviews`."""

from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, session, url_for

from .. import children, consultations, feedback, reviews, sessions, statements
from ..extensions import db, limiter
from ..i18n import LOCALES
from ..models import Child, SecretKind
from ..security import child_pending, child_required, public
from . import bp
from .forms import NewPinForm, PicturesForm, PinForm


@bp.before_request
def load_child_session() -> None:
    """Find the child whose session this is (if any), and keep a language they switch to."""
    row = sessions.current()
    if row is None or row.child_id is None:
        g.child_session = g.child = None
        if request.method == "POST":
            rescued = sessions.timed_out_child_session()
            g.rescued_child = db.session.get(Child, rescued.child_id) if rescued else None
        return
    g.child_session = row
    g.child = db.session.get(Child, row.child_id)
    chosen = request.args.get("lang")
    if chosen in LOCALES and g.child.page_language != chosen:
        g.child.page_language = chosen
        db.session.commit()


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
    sessions.start(child=child)
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
        return render_template("child/choose_secret.html", pictures_allowed=children.may_use_pictures(child))
    form = PicturesForm() if child.secret_kind == SecretKind.PICTURES else PinForm()
    result = None
    if form.validate_on_submit():
        secret = children.picture_secret(form.sequence()) if isinstance(form, PicturesForm) else form.pin.data
        result = children.check_secret(child, secret)
        if result.ok:
            return _enter_space(child)
    locked_until = child.secret_locked_until if children.secret_status(child) == "locked" else None
    status = 429 if locked_until else (401 if result else 200)
    return render_template("child/unlock.html", form=form, result=result, locked_until=locked_until,
                           pictures=children.PICTURES), status


def _enter_space(child: Child):
    # A new session id once the secret is given, so the pre-PIN id is worth nothing.
    row = sessions.start(child=child)
    row.verified = True
    db.session.commit()
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
        children.set_secret(child, SecretKind.PIN, form.pin.data)
        return _enter_space(child)
    return render_template("child/set_pin.html", form=form)


@bp.route("/me/secret/pictures", methods=["GET", "POST"])
@child_pending
def set_pictures():
    """Choose three pictures in order (for children up to 11)."""
    child: Child = g.child
    if child.secret_hash:
        return redirect(url_for("child.unlock"))
    if not children.may_use_pictures(child):
        return redirect(url_for("child.set_pin"))
    form = PicturesForm()
    if form.validate_on_submit():
        children.set_secret(child, SecretKind.PICTURES, children.picture_secret(form.sequence()))
        return _enter_space(child)
    return render_template("child/set_pictures.html", form=form, pictures=children.PICTURES)


@bp.route("/me/")
@child_required
def home():
    """My space: what I can do, and who my IRO is."""
    child: Child = g.child
    upcoming = reviews.next_review(child)
    return render_template("child/home.html", child=child, iro=child.iro,
                           next_review=upcoming.scheduled_for if upcoming else None,
                           consultation_due=bool(upcoming and consultations.version_for(child, upcoming)),
                           say_labels=statements.CHILD_KIND_LABELS, say_pictures=statements.KIND_PICTURES,
                           message_count=statements.count_for_child(child),
                           feedback_review=feedback.open_for_child(child))


@bp.route("/me/closed")
@public
def closed():
    """Shown when there is no open session: how to get back in."""
    return render_template("child/closed.html", timed_out=request.args.get("timeout") == "1",
                           saved=request.args.get("saved") == "1")


@bp.route("/exit")
@public
def quick_exit():
    """Quick exit: end the child's session and replace the page with a neutral site."""
    sessions.end_current("quick_exit")
    session.clear()
    return redirect(current_app.config["QUICK_EXIT_URL"], code=303)
