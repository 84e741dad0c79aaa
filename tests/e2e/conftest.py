"""Browser tests: the app on a live server (real port, same test database), headless Debian Chromium.

- `app_config` here extends the session one: child links point at the live server, and quick exit
  goes to a neutral page served by a second tiny local server (never an outside address).
- The live server's port is reserved once per run so the address is known before the app is built;
  each test still gets its own server, over the `app` fixture's freshly emptied tables.
- One browser per run; every test opens fresh contexts (phone-sized, en-GB) through `open_page`.
"""

from __future__ import annotations

import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from participation import create_app

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 667}
HOST = "127.0.0.1"

NEUTRAL_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Weather</title></head>
<body><h1>Weather</h1><p>Sunny spells, with a light breeze this afternoon.</p></body></html>
"""


class _NeutralSite(BaseHTTPRequestHandler):
    """Serves one harmless page, whatever the path: where quick exit takes a child."""

    def do_GET(self):  # the name http.server calls
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(NEUTRAL_PAGE)))
        self.end_headers()
        self.wfile.write(NEUTRAL_PAGE)

    def log_message(self, format, *args):  # keep test output quiet
        pass


def _serve_in_background(server) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


@pytest.fixture(scope="session")
def neutral_site() -> str:
    """The address of the neutral page ("Weather") that quick exit replaces a child's page with."""
    server = ThreadingHTTPServer((HOST, 0), _NeutralSite)
    server.daemon_threads = True
    thread = _serve_in_background(server)
    yield f"http://{HOST}:{server.server_port}/weather"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_socket() -> socket.socket:
    """A listening socket on a free port, kept for the whole run so every test's server shares it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, 0))
    sock.listen(128)
    yield sock
    sock.close()


@pytest.fixture(scope="session")
def live_url(live_socket) -> str:
    """The live server's address, e.g. http://127.0.0.1:43121."""
    return f"http://{HOST}:{live_socket.getsockname()[1]}"


@pytest.fixture(scope="session")
def app_config(app_config, live_url, neutral_site) -> dict:
    """The session settings, with links pointing at the live server and a local neutral exit page."""
    return app_config | {"PUBLIC_BASE_URL": live_url, "QUICK_EXIT_URL": neutral_site}


@pytest.fixture(scope="session")
def shared_app(_schema, app_config):
    """The one app of the browser tests, with their own settings (links to the live server)."""
    return create_app(app_config)


@pytest.fixture
def live_server(app, live_socket, live_url) -> str:
    """Serve this test's app (empty tables, same test database) on the live port; stop it afterwards."""
    server = make_server(HOST, 0, app, threaded=True, fd=live_socket.fileno())
    thread = _serve_in_background(server)
    yield live_url
    server.shutdown()
    server.server_close()  # closes this server's copy of the socket; the reserved one stays open
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no Chromium at {CHROMIUM} (run scripts/install-test-packages)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server, neutral_site):
    """Open a page in a new, separate browser context (a different person's phone, with no shared cookies).

    Requests anywhere but the live server and the neutral site are refused and reported, and so are
    uncaught JavaScript errors: pages make no third-party requests and their scripts must not break.
    """
    contexts, problems = [], []
    # The live server also by the name "localhost" (a passkey's relying party needs a name, not an IP address).
    by_name = urlsplit(live_server).netloc.replace(HOST, "localhost")
    allowed = {urlsplit(live_server).netloc, by_name, urlsplit(neutral_site).netloc}

    def refuse_outside(route):
        if urlsplit(route.request.url).netloc in allowed:
            route.continue_()
        else:
            problems.append(f"request to an outside address: {route.request.url}")
            route.abort()

    def new_page(**options):
        """``options`` add to or change the context's settings, e.g. ``java_script_enabled=False``."""
        context = browser.new_context(**({"viewport": PHONE, "locale": "en-GB", "base_url": live_server} | options))
        context.set_default_timeout(10_000)
        context.route("**/*", refuse_outside)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))
        return page

    yield new_page
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)
