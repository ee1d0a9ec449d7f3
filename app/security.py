"""Security headers on every response, and no client address in the logs of the libraries that write one."""

import logging
import re

from flask import Flask, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


# An IPv4 address, an IPv6 address (full, or shortened with ::), an e-mail address.
_ADDRESSES = re.compile(
    r"\b\d{1,3}(?:\.\d{1,3}){3}\b"
    r"|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])"
    r"|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{0,4}::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{0,4}(?![\w:])"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
# Loggers of libraries that name the client: Flask-Limiter's breaches (the address is the limit's key)
# and the development server's request lines. Access logs with addresses are gunicorn's (README).
REDACTED_LOGGERS = ("flask-limiter", "werkzeug")


class RedactAddresses(logging.Filter):
    """Replaces IP and e-mail addresses in a record's message with [address]."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _ADDRESSES.sub("[address]", record.getMessage())
        record.args = ()
        return True


def redact_addresses() -> None:
    for name in REDACTED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactAddresses) for f in logger.filters):
            logger.addFilter(RedactAddresses())


def register(app: Flask) -> None:
    redact_addresses()

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.endpoint and not request.endpoint.startswith(("static", "main.home")):
            # Case data must never sit in shared caches or the browser's back-button cache.
            headers.setdefault("Cache-Control", "no-store")
        return response
