"""Static files with content-hashed names, kept by browsers for a year and sent pre-compressed.

`build` (run by ``scripts/build-static``, which ``make install`` runs) copies ``static/`` into the build folder
(``STATIC_BUILD_DIR``, ``build/static`` by default) under names that carry a hash of their content
(``css/app.3f2a9c01b7de.css``), beside a ``.br`` and a ``.gz`` of each text file, and writes ``manifest.json``
from the plain names to the hashed ones.

When the manifest is there, `init_app` makes ``url_for("static", filename=…)`` give the hashed name and puts
WhiteNoise in front of the app to serve the build folder: a hashed name never changes content, so it is sent
``immutable`` for a year, as brotli or gzip as the browser accepts. Without a build (a fresh checkout, or
``APP_ENV=development``, where the files are being edited) the plain names are used and Flask serves
``static/`` itself, as before.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

from flask import Flask

MANIFEST = "manifest.json"
HASH_LENGTH = 12
# A name with a hash in it: name.<12 hex digits>.ext
HASHED = re.compile(r"\.[0-9a-f]{" + str(HASH_LENGTH) + r"}\.[A-Za-z0-9]+$")
COMPRESS = {".css", ".js", ".svg", ".html", ".txt", ".json", ".xml", ".ico", ".map"}
# Plain names are still served (from the build) for an hour, as Flask served them; hashed names for a year.
PLAIN_CACHE = "public, max-age=3600"
HASHED_CACHE = "public, max-age=31536000, immutable"


def hashed_name(relative: str, content: bytes) -> str:
    """``css/app.css`` → ``css/app.<hash>.css``, the hash taken from ``content``."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = relative.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{relative}.{digest}"


def build(source: Path, target: Path) -> dict[str, str]:
    """Copy ``source`` into ``target`` (emptied first) with hashed names beside the plain ones, compress the
    text files, and write the manifest. Returns the manifest (plain name → hashed name)."""
    from whitenoise.compress import Compressor

    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    compressor = Compressor(extensions=[], quiet=True)
    manifest: dict[str, str] = {}
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        relative = path.relative_to(source).as_posix()
        content = path.read_bytes()
        manifest[relative] = hashed_name(relative, content)
        for name in (relative, manifest[relative]):
            copy = target / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(content)
            if copy.suffix in COMPRESS:
                # Each is kept only when it is smaller than the file itself (WhiteNoise's rule).
                compressor.compress(str(copy))
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


def read_manifest(folder: Path) -> dict[str, str] | None:
    """The build's manifest, or None when there is no build."""
    try:
        return json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        return None


def _immutable(path: str, url: str) -> bool:
    return bool(HASHED.search(url))


def init_app(app: Flask) -> None:
    """Serve the build with WhiteNoise and hand out hashed names, when there is a build and the app is not
    in development. Call before `request_ids.init_app`, so static files get an access line too."""
    from . import headers

    folder = Path(app.config["STATIC_BUILD_DIR"])
    manifest = None if app.config["APP_ENV"] == "development" else read_manifest(folder)
    if manifest is None:
        return
    from whitenoise import WhiteNoise

    @app.url_defaults
    def hashed(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = manifest.get(values["filename"], values["filename"])

    hsts = bool(app.config.get("HSTS"))

    def add_headers(response_headers, path: str, url: str) -> None:
        for name, value in headers.security_headers(hsts).items():
            response_headers[name] = value
        response_headers["Cache-Control"] = HASHED_CACHE if _immutable(path, url) else PLAIN_CACHE

    served = WhiteNoise(
        app.wsgi_app,
        root=str(folder),
        prefix=app.static_url_path,
        allow_all_origins=False,
        add_headers_function=add_headers,
    )
    # The manifest itself is for the app, not for browsers.
    served.files.pop(f"{app.static_url_path}/{MANIFEST}", None)
    app.wsgi_app = served  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    """``python -m participation.web.static_files [SOURCE TARGET]``: build the static files."""
    from ..app import ROOT

    source = Path(argv[0]) if argv else ROOT / "static"
    target = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "static"
    manifest = build(source, target)
    print(f"Built {len(manifest)} static files into {target}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
