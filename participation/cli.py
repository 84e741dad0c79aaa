"""Command-line commands on ``flask --app participation``."""

from __future__ import annotations

import signal
import sys
import threading
import time

import click
from flask import Flask

from . import demo
from .extensions import db
from .figures import tally
from .jobs import outbox as outbox_job
from .jobs import reminders as reminders_job
from .jobs import retention as retention_job
from .people import second_factor
from .people import staff as accounts
from .people.models import Role
from .platform import catalogs
from .platform.db import transaction
from .platform.i18n import DEFAULT_LOCALE, LOCALES


def init_app(app: Flask) -> None:
    """Register the commands."""

    @app.cli.command("create-user")
    @click.option("--email", required=True)
    @click.option("--name", required=True)
    @click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
    @click.option("--phone", default=None)
    @click.password_option(prompt="Password (at least 12 characters)")
    def create_user(email: str, name: str, role: str, phone: str | None, password: str) -> None:
        """Create a staff account."""
        if len(password) < accounts.MIN_PASSWORD_LENGTH:
            raise click.UsageError(f"The password must be at least {accounts.MIN_PASSWORD_LENGTH} characters.")
        try:
            with transaction():
                user = accounts.create_staff(email, name, role, password, phone=phone)
        except ValueError as error:
            raise click.UsageError(str(error)) from error
        click.echo(f"Created {user.role} {user.email}.")

    @app.cli.command("demo-data")
    @click.option("--if-empty", is_flag=True, help="Do nothing when the database already has staff.")
    def demo_data(if_empty: bool) -> None:
        """Load the demo organisation, staff, children and reviews."""
        if not demo.is_empty():
            if not if_empty:
                raise click.UsageError("The database is not empty; demo data is only for an empty database.")
            click.echo("The database already has data; demo data not loaded again.")
        else:
            with transaction():
                demo.load()
            click.echo("Demo data loaded.")
        click.echo("Staff sign in at /staff/login (demo accounts):")
        for line in demo.describe_logins():
            click.echo(line)

    @app.cli.command("staff-code")
    @click.argument("email")
    def staff_code(email: str) -> None:
        """Development only: the current authenticator-app code of a staff account (for the demo accounts)."""
        if app.config["APP_ENV"] != "development":
            raise click.UsageError("staff-code works only with APP_ENV=development.")
        user = accounts.find_by_email(email)
        secret = second_factor.app_secret(user) if user is not None else None
        if secret is None:
            raise click.UsageError(f"{email} has no authenticator app set up.")
        step = second_factor.current_step()
        seconds = second_factor.TOTP_STEP_SECONDS - int(time.time()) % second_factor.TOTP_STEP_SECONDS
        click.echo(f"{second_factor.code_at_step(secret, step)}  (for {seconds} more seconds; each code works once)")

    @app.cli.command("demo-link")
    @click.argument("names", nargs=-1)
    def demo_link(names: tuple[str, ...]) -> None:
        """Print a fresh personal link for demo children (Lily, 6, and Jay, 15, by default)."""
        for name in names or ("Lily", "Jay"):
            with transaction():
                link = demo.new_link(name)
            click.echo(f"  {name}'s link: {link}" if link else f"  No child called {name}.")

    @app.cli.command("send-outbox")
    @click.option("--limit", default=100, show_default=True)
    def send_outbox(limit: int) -> None:
        """Send queued emails that are due (run every minute by a timer)."""
        sent, failed = outbox_job.send_due(limit)
        click.echo(f"Sent {sent}, failed {failed}.")
        if failed:
            sys.exit(1)

    @app.cli.command("worker")
    def worker() -> None:
        """Send mail as it is queued (urgent first, within seconds) and chase urgent alerts; runs until stopped."""
        stop = threading.Event()
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signal_number, lambda *_: stop.set())
        click.echo("Worker started: sending mail as it is queued. Stop it with Ctrl-C.")
        outbox_job.run(stop)

    @app.cli.command("remind-overdue")
    def remind_overdue() -> None:
        """Remind recipients of late statements, then escalate once (run daily); chase urgent alerts too."""
        reminded, escalated = reminders_job.chase_late()
        resent, urgent_escalated = reminders_job.chase_urgent()
        click.echo(
            f"Reminded {reminded}, escalated {escalated}. Urgent alerts sent again {resent}, "
            f"escalated {urgent_escalated}."
        )

    @app.cli.command("retention")
    @click.option("--dry-run", is_flag=True, help="Only report what is due; change nothing.")
    def retention(dry_run: bool) -> None:
        """Delete or anonymise what the retention policy says is due (run daily), and report it per kind."""
        if dry_run:
            lines = retention_job.due_now()
            db.session.rollback()
            click.echo("Dry run: nothing was changed.")
        else:
            lines = retention_job.run("cli")
        for line in retention_job.describe(lines, dry_run=dry_run):
            click.echo(line)

    @app.cli.group("figures")
    def figures_group() -> None:
        """The figures' tally: count everything afresh, or check it against the rows."""

    @figures_group.command("rebuild")
    @click.option("--if-needed", is_flag=True, help="Only when the tally has not been built yet (e.g. on deploy).")
    def rebuild_figures(if_needed: bool) -> None:
        """Count every review, response, statement and consultation afresh into the tally."""
        with transaction():
            if if_needed and tally.is_built():
                click.echo("The figures' tally is already built.")
                return
            rows = tally.rebuild()
        click.echo(f"Counted {rows} rows into the figures' tally.")

    @figures_group.command("check")
    def check_figures() -> None:
        """Fail when the tally differs from the rows counted afresh."""
        found = tally.differences()
        for difference in found[:50]:
            click.echo(difference)
        if found:
            click.echo(f"{len(found)} counts differ: run `flask figures rebuild`.")
            sys.exit(1)
        click.echo("The figures' tally matches the rows.")

    @app.cli.group()
    def translate() -> None:
        """Translation catalogs: extract, update, compile, check."""

    @translate.command()
    def extract() -> None:
        """Collect the strings to translate into translations/family.pot and staff.pot."""
        catalogs.extract()

    @translate.command()
    def update() -> None:
        """Extract, then merge new strings into every language's catalog (and compile them)."""
        catalogs.extract()
        catalogs.update()
        catalogs.compile_all()

    @translate.command("compile")
    def compile_() -> None:
        """Compile the catalogs the app reads (`make install` does this before the app first starts)."""
        catalogs.compile_all()

    @translate.command("export-xlsx")
    @click.argument("language")
    @click.option("--domain", type=click.Choice(catalogs.DOMAINS), default=catalogs.FAMILY, show_default=True)
    @click.option("--output", "-o", type=click.Path(dir_okay=False), help="Default: <language>-<domain>.xlsx")
    def export_xlsx(language: str, domain: str, output: str | None) -> None:
        """Write a language's catalog as a spreadsheet for a translator to review."""
        if not catalogs.po(language, domain).exists():
            raise click.UsageError(f"There is no {domain} catalog for {language}.")
        path = output or f"{language}-{domain}.xlsx"
        with open(path, "wb") as handle:
            handle.write(catalogs.export_xlsx(language, domain))
        click.echo(f"Wrote {path}.")

    @translate.command("import-xlsx")
    @click.argument("language")
    @click.argument("spreadsheet", type=click.Path(exists=True, dir_okay=False))
    @click.option("--domain", type=click.Choice(catalogs.DOMAINS), default=catalogs.FAMILY, show_default=True)
    @click.option("--reviewed-by", help="Mark the catalog as reviewed by this fluent speaker (name, organisation).")
    def import_xlsx(language: str, spreadsheet: str, domain: str, reviewed_by: str | None) -> None:
        """Take a translator's spreadsheet back into a language's catalog (then `translate compile`)."""
        with open(spreadsheet, "rb") as handle:
            changed = catalogs.import_xlsx(language, handle.read(), domain, reviewed_by)
        click.echo(f"{changed} translations changed.")
        if reviewed_by:
            click.echo(f"Marked as reviewed by {reviewed_by}.")

    @translate.command()
    def check() -> None:
        """Fail when any language has missing, untranslated or fuzzy strings."""
        found = catalogs.problems()
        for problem in found:
            click.echo(problem)
        if found:
            sys.exit(1)
        click.echo("All catalogs are complete.")
        for code in LOCALES:
            if code != DEFAULT_LOCALE:
                click.echo(f"{code}: {catalogs.review_status(code)}")

    app.shell_context_processor(lambda: {"db": db})
