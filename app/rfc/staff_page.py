"""The desk's RFC page, built in one place: its facts, events, lead times and the handlers' forms, with a
form in use (refused, with its errors) shown again. The page's GET and every refused action draw it here."""

from dataclasses import dataclass

from flask import render_template
from flask_wtf import FlaskForm
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.rfc import access, labels, planning, workflow
from app.rfc.forms import ACTION_FORMS
from app.rfc.models import Rfc
from app.rfc.services import clocks, events, releases


@dataclass(frozen=True)
class FormInUse:
    name: str
    form: FlaskForm


def _analysts() -> list[tuple[str, str]]:
    users = db.session.scalars(
        select(User).where(User.role.in_(access.HANDLER_ROLES), User.active.is_(True)).order_by(User.name)
    )
    return [("", "–"), *((str(user.id), user.name) for user in users)]


def dress(name: str, form: FlaskForm, rfc: Rfc) -> FlaskForm:
    """Gives a form the choices of this RFC and its current values."""
    if name == "status":
        form.to.choices = [
            (code, labels.label(labels.STATUS, code))
            for code in workflow.next_statuses(rfc.status, rfc.type, rfc.priority, rfc.held_from)
        ]
    elif name == "analysis":
        form.analyst_id.choices = form.reviewer_id.choices = _analysts()
    elif name == "plan":
        form.release_id.choices = [("", "–")] + [
            (str(r.id), f"{r.name} ({labels.label(labels.RELEASE_KIND, r.kind)}, {r.planned_on.isoformat()})")
            for r in releases.all_releases()
        ]
    return form


def _fresh(name: str, rfc: Rfc) -> FlaskForm:
    form_class = ACTION_FORMS[name]
    if name == "classify":
        form = form_class(prefix=name, data={"type": rfc.type, "priority": rfc.priority})
    elif name == "analysis":
        form = form_class(prefix=name, obj=rfc)
    elif name == "cab":
        form = form_class(prefix=name, data={"priority": rfc.priority, "advice_cab": rfc.advice_cab})
    elif name == "plan":
        form = form_class(prefix=name, data={"release_id": rfc.release_id, "freeze_reason": rfc.freeze_reason})
    elif name == "redaction":
        form = form_class(prefix=name, data={"names": "\n".join(rfc.redacted_names or [])})
    else:
        form = form_class(prefix=name)
    return form


def forms_for(rfc: Rfc, user, in_use: FormInUse | None = None) -> dict[str, FlaskForm]:
    """The handlers' forms the viewer may use on this RFC, the one in use as it was posted."""
    if not access.can_handle(user):
        return {}
    names = ["redaction"]
    if rfc.is_open:
        names = ["status", "classify", "analysis", "plan", "redaction"]
        if rfc.status in workflow.CAB_STATUSES and access.can_chair_cab(user):
            names.insert(1, "cab")
    forms = {}
    for name in names:
        form = in_use.form if in_use is not None and in_use.name == name else _fresh(name, rfc)
        forms[name] = dress(name, form, rfc)
    return forms


def render(rfc: Rfc, user, in_use: FormInUse | None = None) -> str:
    release = rfc.release
    return render_template(
        "rfc/detail.html",
        rfc=rfc,
        events=events.of(rfc, access.visible_scopes(user, rfc)),
        deadlines=clocks.of(rfc),
        forms=forms_for(rfc, user, in_use),
        open_form=in_use.name if in_use is not None else None,
        freeze=release is not None and planning.in_freeze(release.planned_on),
    )
