"""QR codes for personal links, drawn as SVG so no image library is needed."""

from __future__ import annotations

import base64
import io


def svg_data_uri(text: str) -> str:
    """A ``data:`` URI of an SVG QR code for ``text`` (an <img> source allowed by the page's CSP)."""
    # Imported here, not at start: only the few pages that show a code need it.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
