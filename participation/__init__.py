"""Participation: helps children in care take part in their own reviews, and the adults around them act on
what they say.

The package is grouped by domain (see README, "Layout"): `people`, `reviews`, `consultation`, `statements`,
`feedback` and `figures` hold the rules; `platform` and `forms` are what they stand on; `web` shows them;
`jobs` run them on a timer. `create_app` (in `app`) builds the Flask app.
"""

from .app import create_app

__all__ = ["create_app"]
