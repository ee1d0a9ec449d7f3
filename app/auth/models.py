"""Users with a role (and an organisation for participants), their API tokens, second factor, login
sessions and account history."""

import hashlib
import secrets
from datetime import datetime
from enum import Enum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app import clock
from app.dbtypes import UTCDateTime, one_of
from app.extensions import db
from app.register.models import Organisation


class Role(str, Enum):
    PARTICIPANT = "participant"
    SUPERVISOR = "supervisor"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


STAFF_ROLES = frozenset({Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN})
SECOND_FACTOR_ROLES = frozenset({Role.COORDINATOR.value, Role.ADMIN.value})


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (one_of("role", [role.value for role in Role]),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default=Role.PARTICIPANT.value)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    is_org_admin: Mapped[bool] = mapped_column(default=False)  # invites and removes colleagues
    on_duty: Mapped[bool] = mapped_column(default=True)  # takes new cases (auto-assignment)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The second factor (TOTP): a secret waits unconfirmed until one valid code enrols it.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column()  # a code's time-step is accepted once

    organisation: Mapped[Organisation | None] = relationship()
    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive users
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role in {r.value for r in STAFF_ROLES}

    # The login session this user object was loaded for (flask-login's alternative id); not a column.
    session_token = None
    # UserMixin compares users by get_id(), which is now a login session's token: compare the rows' ids
    # instead, as UserMixin did before (and hash by identity, as it does).
    __hash__ = object.__hash__

    def __eq__(self, other):
        if not isinstance(other, User):
            return NotImplemented
        if self.id is None or other.id is None:
            return self is other
        return self.id == other.id

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def get_id(self) -> str:
        """flask-login keeps the login session's token in the cookie, never the user id: ending the
        session row ends every copy of the cookie."""
        if not self.session_token:
            raise RuntimeError("Log users in through app.auth.sessions.start(), which opens a session row.")
        return self.session_token

    @property
    def has_second_factor(self) -> bool:
        return self.totp_enrolled_at is not None

    @property
    def needs_second_factor(self) -> bool:
        """Coordinators and administrators see everything: for them a second factor is required."""
        return self.role in SECOND_FACTOR_ROLES

    def has_role(self, *roles: Role) -> bool:
        return self.role in {r.value for r in roles}

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)


def hash_token(secret: str) -> str:
    """Tokens are long random strings, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    @staticmethod
    def new_secret() -> str:
        return "mp_" + secrets.token_urlsafe(32)


class RecoveryCode(db.Model):
    """One-time codes for when the authenticator is lost; stored as SHA-256 of a 60-bit random code."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UserSession(db.Model):
    """A login: the cookie carries a random token, the row its hash. Logout or expiry ends the row."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_agent: Mapped[str | None] = mapped_column(String(200))

    user: Mapped[User] = relationship()


class LoginBackoff(db.Model):
    """Failed logins in a row for one e-mail address (known or not, so both answer alike)."""

    __tablename__ = "login_backoffs"

    email_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class AccountEvent(db.Model):
    """An account's history, append-only: second factor enrolled or reset, password changed, lockouts."""

    __tablename__ = "account_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    kind: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    detail: Mapped[str | None] = mapped_column(String(500))

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
