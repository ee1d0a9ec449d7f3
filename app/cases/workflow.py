"""Case statuses and the transitions between them (pure: the one rule book every handler follows)."""

from collections import deque

from app.rule_books import N_, TransitionRefused

STATUSES = ("received", "triage", "in_progress", "waiting", "decided", "closed", "rejected", "withdrawn")
OPEN = ("received", "triage", "in_progress", "waiting")
FINAL = ("closed", "rejected", "withdrawn")

# domain.md: received -> triage -> in progress <-> waiting -> decided -> closed; triage -> rejected
# (niet-ontvankelijk); any open status -> withdrawn. Waiting returns to in progress before a
# decision, so the resolution clock is running again when the case is decided.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("triage", "withdrawn"),
    "triage": ("in_progress", "rejected", "withdrawn"),
    "in_progress": ("waiting", "decided", "withdrawn"),
    "waiting": ("in_progress", "withdrawn"),
    "decided": ("closed",),
    "closed": (),
    "rejected": (),
    "withdrawn": (),
}
# The parties are owed the why of these: a rejection, what we wait for, a withdrawal.
NEEDS_REASON = frozenset({"rejected", "waiting", "withdrawn"})

UNKNOWN = N_("%(target)s is not a status a case can have.")
SAME = N_("The case already has the status %(current)s.")
FINISHED = N_("This case has the status %(current)s, so its status can no longer change.")
NOT_ALLOWED = N_("A case with the status %(current)s cannot go to %(target)s. Possible next: %(options)s.")
REASON_MISSING = N_("Give a reason for the status %(target)s: the parties will read it.")


def is_open(status: str) -> bool:
    return status in OPEN


def is_final(status: str) -> bool:
    return status in FINAL


def next_statuses(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def allowed(current: str, target: str) -> bool:
    return target in next_statuses(current)


def needs_reason(target: str) -> bool:
    return target in NEEDS_REASON


def check(current: str, target: str, reason: str | None = None) -> None:
    """Returns when `current` may become `target` with this reason; raises TransitionRefused."""
    options = next_statuses(current)
    if target not in TRANSITIONS:
        raise TransitionRefused(UNKNOWN, current, target, options)
    if target == current:
        raise TransitionRefused(SAME, current, target, options)
    if is_final(current):
        raise TransitionRefused(FINISHED, current, target, options)
    if target not in options:
        raise TransitionRefused(NOT_ALLOWED, current, target, options)
    if needs_reason(target) and not (reason or "").strip():
        raise TransitionRefused(REASON_MISSING, current, target, options, field="reason")


def path(current: str, target: str) -> tuple[str, ...]:
    """The shortest series of statuses leading from `current` to `target` (empty if none)."""
    came_from = {current: None}
    queue = deque([current])
    while queue:
        status = queue.popleft()
        if status == target:
            steps = []
            while status != current:
                steps.append(status)
                status = came_from[status]
            return tuple(reversed(steps))
        for following in next_statuses(status):
            if following not in came_from:
                came_from[following] = status
                queue.append(following)
    return ()
