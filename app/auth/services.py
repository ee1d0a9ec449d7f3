"""Creating users and tokens, checking passwords (with a per-account back-off) and bearer tokens."""

import hashlib
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app import clock, db_setup
from app.auth import events, sessions
from app.auth.models import ApiToken, LoginBackoff, Role, User, hash_token
from app.auth.passwords import check_password_strength
from app.errors_domain import DomainError, NotFound
from app.extensions import db
from app.register.models import Organisation

BACKOFF_MEMORY = timedelta(days=1)


class LoginPaused(DomainError):
    """Too many failed logins in a row for this address: it waits a while (known or unknown alike)."""

    status = 429


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
    if password is not None:
        check_password_strength(password, (email, name))
    user = User(email=email, name=name or email, role=role, organisation=organisation)
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str, *, actor: User | None) -> None:
    """Sets a new password after the one strength check; the change goes on the account's history."""
    check_password_strength(password, (user.email, user.name))
    had_password = bool(user.password_hash)
    user.set_password(password)
    if had_password:
        events.record(user, events.PASSWORD_CHANGED, actor=actor)


def change_password(user: User, current: str, new: str, *, actor: User, keep_session: str | None) -> int:
    """The profile's password change: the current password first; the user's other sessions end.

    Returns how many other sessions ended.
    """
    if not user.check_password(current or ""):
        raise DomainError(_("This is not your current password."), field="current_password")
    if current == new:
        raise DomainError(_("Choose a password you have not used here before."), field="password")
    set_password(user, new, actor=actor)
    ended = sessions.end_all(user, keep=keep_session)
    if ended:
        events.record(
            user,
            events.SESSIONS_ENDED,
            actor=actor,
            detail=_("%(count)s other sessions ended by the password change.", count=ended),
        )
    db.session.flush()
    return ended


def _email_key(email: str) -> str:
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()


def _backoff(email: str, *, create: bool = False) -> LoginBackoff | None:
    key = _email_key(email)
    if create:
        # Two failures at once must not both insert the row: insert unless it is there, then lock it.
        db.session.execute(
            db_setup.upsert(LoginBackoff)
            .values(email_hash=key, failures=0, updated_at=clock.now())
            .on_conflict_do_nothing()
        )
    query = select(LoginBackoff).where(LoginBackoff.email_hash == key)
    return db.session.scalar(query.with_for_update() if create else query)


def check_not_paused(email: str) -> None:
    """Raises LoginPaused while the address waits after failed logins."""
    row = _backoff(email)
    if row is not None and row.locked_until is not None and clock.as_utc(row.locked_until) > clock.now():
        raise LoginPaused(_("Too many failed attempts. Wait a few minutes, then try again."))


def login_failed(email: str) -> None:
    """Counts a failed password or code for the address; from LOGIN_BACKOFF_AFTER failures on it waits,
    LOGIN_BACKOFF_SECONDS at first, doubling with each further failure up to LOGIN_BACKOFF_MAX_SECONDS.
    Each address counts on its own: failures for one never make another wait."""
    config = current_app.config
    now = clock.now()
    # A day without failures forgets the count, and the rows of addresses nobody tried since.
    forget = now - BACKOFF_MEMORY
    db.session.execute(
        delete(LoginBackoff).where(LoginBackoff.updated_at < forget, LoginBackoff.email_hash != _email_key(email))
    )
    row = _backoff(email, create=True)
    if clock.as_utc(row.updated_at) < forget:
        row.failures, row.locked_until = 0, None
    row.failures += 1
    row.updated_at = now
    over = row.failures - config["LOGIN_BACKOFF_AFTER"]
    if over >= 0:
        wait = min(config["LOGIN_BACKOFF_SECONDS"] * 2 ** min(over, 20), config["LOGIN_BACKOFF_MAX_SECONDS"])
        row.locked_until = now + timedelta(seconds=wait)
        user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is not None:
            events.record(
                user,
                events.LOCKED_OUT,
                detail=_(
                    "%(failures)s failed attempts in a row; waits %(seconds)s seconds.",
                    failures=row.failures,
                    seconds=wait,
                ),
            )
    db.session.flush()


def login_succeeded(user: User) -> None:
    """The whole login passed: the address's count of failures starts again."""
    row = _backoff(user.email)
    if row is not None:
        db.session.delete(row)
    user.last_login_at = clock.now()
    db.session.flush()


def authenticate(email: str, password: str) -> User | None:
    """The password step: the active user whose password this is, or None (the failure is counted).

    Raises LoginPaused while the address waits, before looking at the password, for known and unknown
    addresses alike.
    """
    check_not_paused(email)
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        _DUMMY.check_password(password)
    elif user.check_password(password) and user.active:
        return user
    login_failed(email)
    return None


def deactivate(user: User, *, actor: User | None) -> int:
    """Ends a user's access: no login, no API tokens, every open session ended. Returns the sessions ended."""
    now = clock.now()
    user.active = False
    for token in user.tokens:
        token.revoked_at = token.revoked_at or now
    ended = sessions.end_all(user)
    events.record(user, events.DEACTIVATED, actor=actor)
    if ended:
        events.record(user, events.SESSIONS_ENDED, actor=actor, detail=str(ended))
    db.session.flush()
    return ended


def reactivate(user: User, *, actor: User | None) -> None:
    user.active = True
    events.record(user, events.REACTIVATED, actor=actor)
    db.session.flush()


def end_sessions(user: User, *, actor: User | None) -> int:
    ended = sessions.end_all(user)
    events.record(user, events.SESSIONS_ENDED, actor=actor, detail=str(ended))
    db.session.flush()
    return ended


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
