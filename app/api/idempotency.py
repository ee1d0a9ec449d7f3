"""The Idempotency-Key header on every POST of the API: a retry with the same key and request by the
same caller within 24 hours gets the first answer again and stores nothing twice.

Blueprint hooks, so every POST endpoint has it without a line of its own. The key is claimed in the
request's own transaction: it commits with what the request stores, or not at all."""

import hashlib

from flask import current_app, g, request
from flask_babel import gettext as _

from app.api.json_input import MAX_JSON_BYTES, InvalidInput
from app.api.problems import problem
from app.api.rate_keys import client_key
from app.extensions import db
from app.idempotency import services

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
REPLAYED = "Idempotent-Replayed"
# What a replay repeats besides the body and status; the others (dates, rate budgets) are the retry's own.
KEPT_HEADERS = ("Content-Type", "Location", "ETag", "Deprecation", "Sunset", "Link")
_CLAIM = "idempotency_claim"


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and all(0x21 <= ord(c) <= 0x7E for c in key)


def fingerprint() -> str:
    """The request as far as its answer depends on it: method, path, query and content.

    A multipart body is read by its parts, not its bytes: a retry's boundary is new each time."""
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.query_string.decode("latin-1"), request.mimetype):
        digest.update(part.encode() + b"\0")
    if request.mimetype == "multipart/form-data":
        request.max_form_memory_size = MAX_JSON_BYTES
        for name, value in sorted(request.form.items(multi=True)):
            digest.update(f"field\0{name}\0{value}\0".encode())
        for name, upload in sorted(request.files.items(multi=True), key=lambda item: (item[0], item[1].filename or "")):
            content = hashlib.sha256(upload.stream.read()).hexdigest()
            upload.stream.seek(0)
            digest.update(f"file\0{name}\0{upload.filename}\0{content}\0".encode())
    else:
        configured = current_app.config.get("MAX_CONTENT_LENGTH")
        request.max_content_length = min(MAX_JSON_BYTES, configured or MAX_JSON_BYTES)
        digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def before_post():
    """Answers a retry from the stored answer, or claims the key for this request."""
    if request.method != "POST" or HEADER not in request.headers:
        return None
    key = request.headers[HEADER]
    if not _valid_key(key):
        message = _("Send at most %(max)s visible ASCII characters, e.g. a UUID.", max=MAX_KEY_LENGTH)
        raise InvalidInput({HEADER: [message]}, status=400)
    printed = fingerprint()
    claim = services.claim(client_key(), key, printed)
    if claim.outcome == services.MISMATCH:
        return problem(
            422,
            _("This Idempotency-Key was used for another request; send a new key for a new request."),
            {HEADER: [_("Used before with another body.")]},
        )
    if claim.outcome == services.RUNNING:
        response = problem(409, _("A request with this Idempotency-Key is still being handled; try again shortly."))
        response.headers["Retry-After"] = "1"
        return response
    if claim.outcome == services.REPLAY:
        answer = claim.answer
        response = current_app.response_class(answer.body, status=answer.status)
        for name, value in answer.headers.items():
            response.headers[name] = value
        response.headers[REPLAYED] = "true"
        db.session.rollback()
        return response
    g.setdefault(_CLAIM, (claim.key_hash, printed))
    return None


def after_post(response):
    """Keeps a successful answer under the claimed key; after a refusal the key is free again."""
    claimed = g.pop(_CLAIM, None)
    if claimed is None:
        return response
    key_hash, printed = claimed
    # The request committed what it stores (controllers commit once); anything left is not to be kept.
    db.session.rollback()
    if 200 <= response.status_code < 300:
        headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
        services.store(key_hash, printed, response.status_code, headers, response.get_data())
    else:
        services.release(key_hash)
    db.session.commit()
    return response
