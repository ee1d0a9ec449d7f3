"""Creating users and tokens, checking passwords and bearer tokens."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app import clock, db_setup
from app.auth.models import ApiToken, Role, User, hash_token
from app.errors_domain import DomainError, NotFound
from app.extensions import db
from app.register.models import Organisation

# Checked against when the e-mail is unknown, so a login takes as long either way.
_DUMMY = User(email="", name="")
_DUMMY.set_password("not-a-real-password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_organisation(ref: str | int) -> Organisation:
    """An organisation by id or by its exact name, as `user create --organisation` takes it."""
    if isinstance(ref, int) or str(ref).isdigit():
        org = db.session.get(Organisation, int(ref))
    else:
        org = db.session.scalar(select(Organisation).where(Organisation.name == str(ref)))
    if org is None:
        raise NotFound(f"No organisation '{ref}' in the register.")
    return org


def create_user(
    email: str,
    name: str,
    role: str,
    password: str | None = None,
    organisation: Organisation | None = None,
) -> User:
    email = normalise_email(email)
    if role not in {r.value for r in Role}:
        raise DomainError(f"Unknown role '{role}'; choose one of {', '.join(r.value for r in Role)}.")
    if role == Role.PARTICIPANT.value and organisation is None:
        raise DomainError("A participant user belongs to an organisation: give --organisation.")
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise DomainError(f"A user with e-mail {email} already exists.")
    if password is not None and len(password) < 12:
        raise DomainError("A password has at least 12 characters.")
    user = User(email=email, name=name or email, role=role, organisation=organisation)
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        _DUMMY.check_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = clock.now()
    return user


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and its secret; only the hash is stored."""
    secret = ApiToken.new_secret()
    token = ApiToken(user=user, name=name, token_hash=hash_token(secret), prefix=secret[:10])
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_token(user: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.")
    token.revoked_at = clock.now()


def user_for_token(secret: str) -> User | None:
    """The token's user, or None. Reading with a token writes nothing in the request's transaction:
    on SQLite a read that wrote would need the write lock and fail ("database is locked") when
    writers are busy. The last use is stamped apart, see _stamp_last_use."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    _stamp_last_use(token)
    return token.user


def _stamp_last_use(token: ApiToken) -> None:
    """At most every API_TOKEN_LAST_USE_SECONDS. A read stamps it in a short write of its own that
    is skipped, not failed, when another writer holds the lock (a later use stamps it then)."""
    now = clock.now()
    interval = timedelta(seconds=current_app.config.get("API_TOKEN_LAST_USE_SECONDS", 300))
    if token.last_used_at is not None and now - token.last_used_at < interval:
        return
    if db_setup.writes_anyway():
        token.last_used_at = now  # a writing request: its own transaction holds the lock already
        return
    stale = or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= now - interval)
    stamp = update(ApiToken).where(ApiToken.id == token.id, stale).values(last_used_at=now)
    if db_setup.try_write_now(stamp):
        # What the session shows matches the row, without making the token dirty (no flush).
        set_committed_value(token, "last_used_at", now)
