"""A visitor to a live server over real HTTP: its own cookies and its own address, no redirects followed.

The app is run trusting one proxy (``TRUSTED_PROXIES=1``), so each visitor's ``X-Forwarded-For`` is the
address its per-address rate limits count; the database rules under test hold whatever the address.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookies import SimpleCookie

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


class _Stay(urllib.request.HTTPRedirectHandler):
    """Answer a redirect with the redirect itself, so its status and Location can be read."""

    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_Stay)


@dataclass
class Answer:
    """One response: its status, headers and text."""

    status: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Visitor:
    """One browser on one address."""

    def __init__(self, base: str, address: str, cookies: dict[str, str] | None = None):
        self.base = base
        self.address = address
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, data: dict | None = None) -> Answer:
        """Send one request; the cookies it sets are kept."""
        body = urllib.parse.urlencode(data or {}, doseq=True).encode() if method == "POST" else None
        request = urllib.request.Request(self.base + path, data=body, method=method)
        request.add_header("X-Forwarded-For", self.address)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        try:
            response = _OPENER.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            content = response.read()
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            return Answer(response.status, dict(response.headers.items()), content)

    def get(self, path: str) -> Answer:
        """GET ``path``."""
        return self.request("GET", path)

    def post(self, path: str, data: dict | None = None) -> Answer:
        """POST ``data`` to ``path`` as a form."""
        return self.request("POST", path, data)

    def form(self, path: str) -> dict[str, str]:
        """The hidden fields of the form on ``path`` (CSRF token, and the form token if there is one)."""
        page = self.get(path)
        assert page.status == 200, (path, page.status)
        fields = {"csrf_token": CSRF.search(page.text).group(1)}
        if token := FORM_TOKEN.search(page.text):
            fields["form_token"] = token.group(1)
        return fields

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
