"""Follow-up codes: shown once to the reporter, stored only as a hash."""

import hashlib
import hmac
import secrets

# No 0/O, 1/I/L: the code is read from paper and typed over.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_LENGTH = 4, 5  # 20 symbols of 31: about 99 bits, beyond guessing under a rate limit


def new_code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(symbols[i : i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH))


def normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    # A fast hash suffices: the code is long and random, unlike a password.
    return "sha256$" + hashlib.sha256(normalise(code).encode()).hexdigest()


def matches(code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_code(code), stored_hash)


# Compared against when the reference is unknown, so both failures take the same path.
UNKNOWN_CASE_HASH = hash_code(new_code())
