"""What domain code raises when it refuses something; the web layer turns each into an HTTP answer.

Domain code never speaks HTTP: it raises these, and `web.error_pages` shows them as 404, 403 and 409 pages.
"""


class NotFound(LookupError):
    """There is no such record, or the person asking may not know it exists (shown as 404)."""


class NotAllowed(PermissionError):
    """The person may see the record but not do this to it (shown as 403)."""


class Conflict(RuntimeError):
    """The record has moved on and the request no longer applies to it (shown as 409)."""


class TooMuch(RuntimeError):
    """More than fair use allows for now (e.g. a child's space sending many things in a short time): the
    person is asked kindly to wait a little, and keeps what they typed."""
