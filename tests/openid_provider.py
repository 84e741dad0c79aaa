"""A real OpenID provider on loopback for the single sign-on tests: tests/oidc_provider/provider.mjs, the certified
`oidc-provider` package on Node, with its built-in sign-in form (the login typed there is the account's email).

`running_provider` starts it on a free port and waits for its discovery document; `TestProvider.sign_in`
goes through its pages as a browser would (urllib, with cookies) and returns the address it sends the
browser back to. Node and the npm packages come from scripts/install-test-packages, which `make test` runs,
so a missing one fails the tests loudly rather than skipping single sign-on unnoticed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urljoin

import pytest

from tests.conftest import free_port

FOLDER = Path(__file__).resolve().parent / "oidc_provider"
CLIENT_ID = "participation-tests"
CLIENT_SECRET = "a-secret-only-the-tests-use"


class _Stay(urllib.request.HTTPRedirectHandler):
    """Let the caller see each redirect instead of following it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class TestProvider:
    """The running provider: its issuer address and the file that changes how its accounts sign in."""

    __test__ = False  # not a test class, whatever its name

    issuer: str
    accounts_file: Path

    def settings(self, name: str = "Test Council ID") -> dict:
        """The app's settings for signing in with this provider."""
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_PROVIDER_NAME": name,
        }

    def account(self, login: str, **claims) -> None:
        """How ``login`` signs in from now on, e.g. ``email_verified=False``, ``amr=["pwd"]``, ``email=None``."""
        accounts = json.loads(self.accounts_file.read_text()) if self.accounts_file.exists() else {}
        accounts[login] = claims
        self.accounts_file.write_text(json.dumps(accounts))

    def forget_accounts(self) -> None:
        """Every account signs in the default way again (email verified, with a second factor)."""
        self.accounts_file.unlink(missing_ok=True)

    def sign_in(self, authorize_url: str, login: str) -> str:
        """Open ``authorize_url`` in a fresh browser, sign in as ``login`` on the provider's form, and return
        the address (outside the provider) the browser is sent back to."""
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _Stay())
        url, form = authorize_url, None
        for _ in range(10):
            request = urllib.request.Request(url, data=urlencode(form).encode() if form else None)
            try:
                with opener.open(request, timeout=10) as response:
                    page = response.read().decode()
            except urllib.error.HTTPError as redirect:
                answer = redirect
            else:  # the provider's sign-in form: fill it in
                action = re.search(r'<form[^>]*action="([^"]+)"', page)
                assert action, f"no sign-in form at {url}:\n{page}"
                url = urljoin(url, unescape(action.group(1)))
                form = {"prompt": "login", "login": login, "password": "anything"}
                continue
            assert answer.code in (302, 303), f"{answer.code} from {url}: {answer.read().decode()}"
            url, form = urljoin(url, answer.headers["Location"]), None
            if not url.startswith(self.issuer):
                return url
        raise AssertionError("the provider never sent the browser back")


@contextmanager
def running_provider(folder: Path, redirect_uri: str) -> Iterator[TestProvider]:
    """Start the provider for a client whose redirect URI is ``redirect_uri``; stop it afterwards."""
    node = shutil.which("node")
    if node is None or not (FOLDER / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(
            "the single sign-on tests need Node.js and tests/oidc_provider's npm packages: run make install-test"
        )
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    provider = TestProvider(issuer, folder / "accounts.json")
    log = folder / "provider.log"
    command = [node, "provider.mjs", "--port", str(port), "--issuer", issuer, "--client-id", CLIENT_ID]
    command += [
        "--client-secret",
        CLIENT_SECRET,
        "--redirect-uri",
        redirect_uri,
        "--accounts",
        str(provider.accounts_file),
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=FOLDER, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_for_discovery(issuer, process, log)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_for_discovery(issuer: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the OpenID provider stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(issuer + "/.well-known/openid-configuration", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the OpenID provider did not answer within 30 s:\n{log.read_text()}")
