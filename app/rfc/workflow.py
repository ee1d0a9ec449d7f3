"""RFC statuses, types, priorities and the transitions between them (pure: the change process's rule book)."""

from collections import deque

from app.rule_books import N_, TransitionRefused

# domain.md "Requests for change"; the codes are api.md's.
STATUSES = (
    "requested",
    "qualified",
    "to_prioritise",
    "to_handle",
    "in_progress",
    "change_proposal",
    "to_review",
    "to_change",
    "changed",
    "to_correct",
    "corrected",
    "pre_release",
    "released",
    "rejected",
    "on_hold",
)
TYPES = ("major", "minor", "trivial")
PRIORITIES = ("blocker", "critical", "major", "minor", "trivial")
VARIANTS = ("beheersing", "privacy", "gegevensdienst", "stelsel")
SIDES = ("source", "consumer")  # bron of afnemer
FINAL = ("released", "rejected")
OPEN = tuple(status for status in STATUSES if status not in FINAL)
# Several chain processes fail (blocker) or one cannot fully work (critical): the shortest clocks.
URGENT_PRIORITIES = ("blocker", "critical")
# Variants that change the data services or the architecture: technical changes (the summer freeze).
TECHNICAL_VARIANTS = ("gegevensdienst", "stelsel")

# The main line: aangevraagd -> gekwalificeerd -> te prioriteren -> te behandelen -> in behandeling ->
# wijzigingsvoorstel -> te beoordelen -> te wijzigen -> gewijzigd -> pre-release -> released. A correction
# (te corrigeren -> gecorrigeerd) goes back to pre-release. "rejected" and "on_hold" come from any open
# status; an RFC on hold returns to the status it was held in (see `check`).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "requested": ("qualified",),
    "qualified": ("to_prioritise", "in_progress"),
    "to_prioritise": ("to_handle",),
    "to_handle": ("in_progress",),
    "in_progress": ("change_proposal",),
    "change_proposal": ("to_review",),
    "to_review": ("to_change",),
    "to_change": ("changed",),
    "changed": ("pre_release", "to_correct"),
    "to_correct": ("corrected",),
    "corrected": ("pre_release",),
    "pre_release": ("released", "to_correct"),
    "released": (),
    "rejected": (),
    "on_hold": (),
}
# From any open status (not from on hold to on hold).
ANY_OPEN = ("rejected", "on_hold")
# The submitter is told at these steps (domain.md), with the reason on rejection or hold.
TELLS_SUBMITTER = frozenset(
    {"qualified", "in_progress", "change_proposal", "changed", "released", "corrected", "rejected", "on_hold"}
)
NEEDS_REASON = frozenset({"rejected", "on_hold"})
# The CAB prioritises and reviews: the agenda lists the RFCs in these statuses.
CAB_STATUSES = ("to_prioritise", "to_review")

# The lead times as clocks: the status that starts a clock, and the statuses that meet it. Reaction and
# qualification start on submission (START_CLOCKS). On hold pauses every running clock; leaving it resumes.
START_CLOCKS = ("reaction", "qualification")
STARTS: dict[str, str] = {"in_progress": "handling", "to_change": "processing", "to_correct": "processing"}
MEETS: dict[str, tuple[str, ...]] = {
    "qualified": ("reaction", "qualification"),
    "change_proposal": ("handling",),
    "changed": ("processing",),
    "corrected": ("processing",),
}
# The reaction is met by the change manager's first step, whatever it is.
FIRST_STEP_MEETS = ("reaction",)


UNKNOWN = N_("%(target)s is not a status an RFC can have.")
SAME = N_("The RFC already has the status %(current)s.")
FINISHED = N_("This RFC has the status %(current)s, so its status can no longer change.")
NOT_ALLOWED = N_("An RFC with the status %(current)s cannot go to %(target)s. Possible next: %(options)s.")
REASON_MISSING = N_("Give a reason for the status %(target)s: the submitter will read it.")


def is_urgent(priority: str) -> bool:
    return priority in URGENT_PRIORITIES


def skips_prioritisation(rfc_type: str, priority: str) -> bool:
    """Blocker, critical and trivial RFCs skip the CAB's prioritisation: straight to in behandeling."""
    return priority in ("blocker", "critical", "trivial") or rfc_type == "trivial"


def clock_variant(rfc_type: str, priority: str) -> str:
    """The lead-time policy an RFC follows: "urgent" for blocker and critical, else its type."""
    return "urgent" if is_urgent(priority) else rfc_type


def is_technical(variant: str) -> bool:
    return variant in TECHNICAL_VARIANTS


def next_statuses(current: str, rfc_type: str, priority: str, held_from: str | None = None) -> tuple[str, ...]:
    """Where an RFC may go from `current`: the main line (with the skip rule), back from hold, or out."""
    if current in FINAL:
        return ()
    if current == "on_hold":
        return tuple(s for s in (held_from, "rejected") if s in STATUSES and s != "on_hold")
    following = TRANSITIONS[current]
    if current == "qualified":
        following = ("in_progress",) if skips_prioritisation(rfc_type, priority) else ("to_prioritise",)
    return (*following, *ANY_OPEN)


def check(
    current: str, target: str, rfc_type: str, priority: str, reason: str | None = None, held_from: str | None = None
) -> None:
    """Returns when `current` may become `target`; raises TransitionRefused."""
    options = next_statuses(current, rfc_type, priority, held_from)
    if target not in STATUSES:
        raise TransitionRefused(UNKNOWN, current, target, options)
    if target == current:
        raise TransitionRefused(SAME, current, target, options)
    if current in FINAL:
        raise TransitionRefused(FINISHED, current, target, options)
    if target not in options:
        raise TransitionRefused(NOT_ALLOWED, current, target, options)
    if target in NEEDS_REASON and not (reason or "").strip():
        raise TransitionRefused(REASON_MISSING, current, target, options, field="reason")


def tells_submitter(target: str) -> bool:
    return target in TELLS_SUBMITTER


def clocks_to_meet(current: str, target: str) -> tuple[str, ...]:
    """The clocks a move meets: the reaction at the first step, the kinds the target meets, and every
    clock when the RFC is finished."""
    kinds = list(MEETS.get(target, ()))
    if current == "requested":
        kinds.extend(FIRST_STEP_MEETS)
    return tuple(dict.fromkeys(kinds))


def clock_to_start(target: str) -> str | None:
    return STARTS.get(target)


def path(current: str, target: str, rfc_type: str, priority: str) -> tuple[str, ...]:
    """The shortest series of statuses from `current` to `target` along the main line (empty if none)."""
    came_from: dict[str, str | None] = {current: None}
    queue = deque([current])
    while queue:
        status = queue.popleft()
        if status == target:
            steps = []
            while status != current:
                steps.append(status)
                status = came_from[status]
            return tuple(reversed(steps))
        for following in next_statuses(status, rfc_type, priority):
            if following not in came_from and following not in ANY_OPEN:
                came_from[following] = status
                queue.append(following)
    return ()
