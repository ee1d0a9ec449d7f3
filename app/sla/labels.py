"""The SLA pages' words: a clock's length in words, the address segment of a policy without a variant,
and the subjects beyond case types that have policies; the pages' templates get them from `helpers`."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.sla import admin
from app.sla.clocks import Basis, ClockSpec

NO_VARIANT = "-"  # the address segment of a policy without a variant
# Policies exist for what `sla` serves beyond case types; the case types have their template filter.
OTHER_SUBJECTS = {"measure": _l("Measure"), "rfc": _l("RFC")}
# The variants of those subjects' policies (the RFC desk's lead times by priority and type).
OTHER_VARIANTS = {
    "urgent": _l("Blocker or critical"),
    "major": _l("Major change"),
    "minor": _l("Minor change"),
    "trivial": _l("Trivial change"),
}


def describe(spec: ClockSpec) -> str:
    """A clock's length in words: "8 business hours", "6 weeks"."""
    amount = admin.amount_in_units(spec)
    if spec.basis is Basis.WEEKS:
        return ngettext("%(num)s week", "%(num)s weeks", amount)
    if spec.basis is Basis.BUSINESS:
        return ngettext("%(num)s business hour", "%(num)s business hours", amount)
    return ngettext("%(num)s calendar hour", "%(num)s calendar hours", amount)


def helpers() -> dict:
    """What the SLA templates call (a context processor of the sla blueprint)."""
    return {
        "describe": describe,
        "no_variant": NO_VARIANT,
        "other_subjects": OTHER_SUBJECTS,
        "other_variants": OTHER_VARIANTS,
    }
