"""Bearer tokens on API requests: a token's user acts with that user's role and organisation."""

from flask import request
from flask_babel import gettext as _

from app.auth.services import user_for_token

REALM = "meldpunt"


class Unauthenticated(Exception):
    """No usable credentials: a 401 with a WWW-Authenticate challenge (RFC 6750)."""

    def __init__(self, detail: str, error: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.error = error

    @property
    def challenge(self) -> str:
        if self.error:
            return f'Bearer realm="{REALM}", error="{self.error}"'
        return f'Bearer realm="{REALM}"'


def _bearer_secret() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _space, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthenticated(_("Send the token as 'Authorization: Bearer <token>'."), "invalid_request")
    return secret.strip()


def optional_user():
    """The token's user, or None without a token; a token that does not work is refused.

    Only the Authorization header counts, never the session cookie: the API is exempt from
    CSRF checks, so cookie-based access would let other sites act in a user's name.
    """
    secret = _bearer_secret()
    if secret is None:
        return None
    user = user_for_token(secret)
    if user is None:
        raise Unauthenticated(_("The token is unknown or revoked, or its user is inactive."), "invalid_token")
    return user


def required_user():
    user = optional_user()
    if user is None:
        raise Unauthenticated(_("This endpoint needs a token: 'Authorization: Bearer <token>'."))
    return user
