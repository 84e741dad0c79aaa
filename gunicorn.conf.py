"""gunicorn's settings for the web server (read from the working directory: `gunicorn wsgi:app`).

The request limits match the proxy's (deploy/nginx/proxy.conf), and the server warns at start when several
workers would each keep their own rate-limit counters.
"""

import os

from participation.settings import shared_limits_warning

# An address over 4094 bytes gets a 414, a header line over 8190 bytes or more than 50 headers a 431.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190


def when_ready(server):
    """Warn when the rate-limit store cannot be shared by the workers."""
    warning = shared_limits_warning(server.cfg.workers, os.environ.get("RATELIMIT_STORAGE_URI", "memory://"))
    if warning:
        server.log.warning(warning)
