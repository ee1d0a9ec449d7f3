"""Case statuses and the transitions between them (pure: the one rule book every handler follows)."""

from collections import deque

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


def N_(message: str) -> str:
    """Marks a message for translation without translating it (the service translates)."""
    return message


UNKNOWN = N_("%(target)s is not a status a case can have.")
SAME = N_("The case already has the status %(current)s.")
FINISHED = N_("This case has the status %(current)s, so its status can no longer change.")
NOT_ALLOWED = N_("A case with the status %(current)s cannot go to %(target)s. Possible next: %(options)s.")
REASON_MISSING = N_("Give a reason for the status %(target)s: the parties will read it.")


class TransitionRefused(ValueError):
    """The move is not allowed; `template` and `values` let a caller translate the message.

    `field` is "reason" when only the reason is missing (bad input), None when the case's
    current status refuses the move (a conflict).
    """

    def __init__(self, template: str, current: str, target: str, field: str | None = None):
        self.template = template
        self.current = current
        self.target = target
        self.field = field
        super().__init__(template % self.values(str))

    def values(self, word) -> dict[str, str]:
        """The message's placeholders, with each status code turned into a word by `word`."""
        options = ", ".join(word(s) for s in TRANSITIONS.get(self.current, ()))
        return {"current": word(self.current), "target": word(self.target), "options": options}


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
    if target not in TRANSITIONS:
        raise TransitionRefused(UNKNOWN, current, target)
    if target == current:
        raise TransitionRefused(SAME, current, target)
    if is_final(current):
        raise TransitionRefused(FINISHED, current, target)
    if not allowed(current, target):
        raise TransitionRefused(NOT_ALLOWED, current, target)
    if needs_reason(target) and not (reason or "").strip():
        raise TransitionRefused(REASON_MISSING, current, target, field="reason")


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
