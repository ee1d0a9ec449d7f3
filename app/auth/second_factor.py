"""The second factor: a TOTP authenticator app (RFC 6238), and one-time recovery codes.

A secret is stored unconfirmed first; one valid code enrols it. A code's time-step is accepted once
(`totp_last_step`), so a code seen over a shoulder or in a proxy log cannot be used again.
"""

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
import segno
from flask_babel import gettext as _
from sqlalchemy import delete, select

from app import clock
from app.auth import events, sessions
from app.auth.models import RecoveryCode, User
from app.errors_domain import Conflict, DomainError
from app.extensions import db

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # a code of the step before or after is still accepted (clocks drift, people type slowly)
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to confuse


def _step(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)


def begin_enrolment(user: User) -> str:
    """The secret the user is setting up (made once, kept until confirmed or reset)."""
    if user.has_second_factor:
        raise Conflict(_("Your second factor is already set up."))
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        db.session.flush()
    return user.totp_secret


def provisioning_uri(user: User, issuer: str) -> str:
    return _totp(user.totp_secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_data_uri(uri: str) -> str:
    """The otpauth URI as a QR code in an SVG data URI (the CSP allows `img-src data:`; no script)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4)


def grouped(secret: str) -> str:
    """The base32 secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalise_code(code: str | None) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace())


def verify_code(user: User, code: str | None, now: datetime | None = None) -> bool:
    """True for a valid, unused code of the user's secret; its time-step is then used up."""
    code = _normalise_code(code)
    if not user.totp_secret or len(code) != DIGITS or not code.isdigit():
        return False
    current = _step(now or clock.now())
    totp = _totp(user.totp_secret)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            user.totp_last_step = step
            return True
    return False


def confirm_enrolment(user: User, code: str | None, *, actor: User) -> list[str]:
    """Enrols the pending secret with one valid code; returns the recovery codes (shown once)."""
    if user.has_second_factor:
        raise Conflict(_("Your second factor is already set up."))
    if not user.totp_secret:
        raise Conflict(_("Start setting up the second factor again."))
    if not verify_code(user, code):
        raise DomainError(_("This code is not valid. Type the 6 digits your app shows now."), field="code")
    user.totp_enrolled_at = clock.now()
    codes = new_recovery_codes(user)
    events.record(user, events.SECOND_FACTOR_ENROLLED, actor=actor)
    db.session.flush()
    return codes


def hash_recovery_code(code: str) -> str:
    return hashlib.sha256(_canonical_recovery(code).encode()).hexdigest()


def _canonical_recovery(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def new_recovery_codes(user: User) -> list[str]:
    """Ten new one-time codes (60 bits each) replacing any earlier ones; only their hashes are kept."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _n in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=hash_recovery_code(raw)))
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str | None) -> bool:
    """True (and the code spent) when `code` is one of the user's unused recovery codes."""
    if len(_canonical_recovery(code or "")) != 12:
        return False
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == hash_recovery_code(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = clock.now()
    remaining = unused_recovery_codes(user)
    events.record(
        user, events.RECOVERY_CODE_USED, actor=user, detail=_("%(count)s recovery codes left.", count=remaining)
    )
    return True


def unused_recovery_codes(user: User) -> int:
    rows = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    return len(list(rows))


def renew_recovery_codes(user: User, code: str | None, *, actor: User) -> list[str]:
    """Ten new recovery codes, replacing the old ones, after a valid code from the authenticator app."""
    if not user.has_second_factor:
        raise Conflict(_("Set up a second factor first."))
    if not verify_code(user, code):
        raise DomainError(_("This code is not valid. Type the 6 digits your app shows now."), field="code")
    codes = new_recovery_codes(user)
    events.record(user, events.RECOVERY_CODES_RENEWED, actor=actor)
    return codes


def check_login_code(user: User, code: str | None) -> str | None:
    """The login's second step: "totp" or "recovery" for the kind of code that passed, None if none did."""
    if not user.has_second_factor:
        return None
    if verify_code(user, code):
        return "totp"
    if use_recovery_code(user, code):
        return "recovery"
    return None


def _clear(user: User) -> None:
    user.totp_secret = None
    user.totp_enrolled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def reset(user: User, *, actor: User | None, detail: str | None = None) -> None:
    """An administrator clears a lost second factor: the user sets up a new one at the next login.

    Their open sessions end too: whoever holds the lost phone must not stay logged in.
    """
    _clear(user)
    ended = sessions.end_all(user)
    events.record(user, events.SECOND_FACTOR_RESET, actor=actor, detail=detail)
    if ended:
        events.record(user, events.SESSIONS_ENDED, actor=actor, detail=str(ended))
    db.session.flush()


def disable(user: User, password: str, *, actor: User) -> None:
    """Users for whom the second factor is optional switch it off again, with their password."""
    if user.needs_second_factor:
        raise Conflict(_("Your role requires a second factor."))
    if not user.check_password(password or ""):
        raise DomainError(_("This is not your current password."), field="password")
    _clear(user)
    events.record(user, events.SECOND_FACTOR_DISABLED, actor=actor)
    db.session.flush()
