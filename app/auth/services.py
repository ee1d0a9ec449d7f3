"""Creating users and tokens, checking passwords and bearer tokens."""
from sqlalchemy import func, select

from app import clock
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
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    token.last_used_at = clock.now()
    return token.user
