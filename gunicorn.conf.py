"""gunicorn's settings for the web server (read from the working directory: `gunicorn wsgi:app`).

The request limits match the proxy's (deploy/nginx/proxy.conf), the logs are JSON lines with no raw paths, and
the server warns at start when several workers would each keep their own rate-limit counters.
"""

import os

from participation.platform.logs import gunicorn_config
from participation.settings import shared_limits_warning

# An address over 4094 bytes gets a 414, a header line over 8190 bytes or more than 50 headers a 431.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# gunicorn's own lines as JSON, like the app's (participation/platform/logs.py). No access log from gunicorn:
# it prints the raw path, and a child's link carries its token there; the app writes one line per request
# with the URL rule instead.
accesslog = None
logconfig_dict = gunicorn_config(os.environ.get("LOG_LEVEL", "INFO"))


def when_ready(server):
    """Warn when the rate-limit store cannot be shared by the workers."""
    warning = shared_limits_warning(server.cfg.workers, os.environ.get("RATELIMIT_STORAGE_URI", "memory://"))
    if warning:
        server.log.warning(warning)
