"""Security headers on every response: a strict Content Security Policy, no referrer, no framing, and
personal pages never cached."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
PERMISSIONS_POLICY = "geolocation=(), camera=(), microphone=(), payment=(), usb=(), interest-cohort=()"


def security_headers(hsts: bool) -> dict[str, str]:
    """The security headers every response carries, whoever serves it (the app, or WhiteNoise for the built
    static files: see static_files)."""
    values = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if hsts:
        values["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return values


def set_security_headers(response: Response) -> Response:
    """Add the security headers every response carries; personal pages are never cached."""
    headers = response.headers
    for name, value in security_headers(bool(current_app.config.get("HSTS"))).items():
        if name == "Content-Security-Policy":
            headers.setdefault(name, value)  # a page may send a stricter policy of its own
        else:
            headers[name] = value
    if request.endpoint == "static" and response.status_code < 400:
        headers["Cache-Control"] = "public, max-age=3600"
    else:
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    """Attach the headers to every response."""
    app.after_request(set_security_headers)
