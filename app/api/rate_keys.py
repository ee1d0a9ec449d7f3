"""Whose budget a request spends: an API token's own, else the client address's.

Behind a TLS proxy the address is the real client's once TRUSTED_PROXY_COUNT lets werkzeug's
ProxyFix read X-Forwarded-For (create_app); without it the header is ignored, as anyone can send it.
A token counts only on the API and only when it is a working token: a made-up one on each request
would otherwise buy a fresh budget each time.
"""

import hashlib

from flask import g, request
from flask_limiter.util import get_remote_address
from sqlalchemy import select

from app.auth.models import ApiToken, User, hash_token
from app.extensions import db

BEARER = "bearer"


def client_key() -> str:
    token_hash = api_token_hash()
    return f"token:{token_hash}" if token_hash else get_remote_address()


def has_api_token() -> bool:
    return api_token_hash() is not None


def api_token_hash() -> str | None:
    """The stored hash of the request's API token when it is an active token, else None (once per request)."""
    if "rate_token_hash" not in g:
        g.rate_token_hash = _lookup()
    return g.rate_token_hash


def _lookup() -> str | None:
    if not request.path.startswith("/api/"):
        return None
    scheme, _space, secret = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != BEARER or not secret.strip():
        return None
    token_hash = hash_token(secret.strip())
    known = db.session.scalar(
        select(ApiToken.id)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None), User.active.is_(True))
    )
    return hashlib.sha256(token_hash.encode()).hexdigest()[:32] if known is not None else None
