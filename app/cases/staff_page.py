"""The staff case page, built explicitly: the case's facts and each domain's panel, with a form in use shown again.

The GET of the page and every action that shows the page again (a refused form, a preview) build it
here, so both draw the same page. Other domains add panels through `register_panel` at start-up
(compliance: the decision), so this package never imports their views.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import render_template
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from app.cases import access, labels
from app.cases.forms import ACTION_FORMS, ResponseRequestForm
from app.cases.models import Case
from app.cases.services import handler_settings, handling, hearing, major_incidents, queries
from app.cases.services import queue as work_queue
from app.cases.timeline_fold import whole_timeline
from app.cases.visibility import party_of

ACTIONS = "actions"


@dataclass(frozen=True)
class FormInUse:
    """A form the page shows again as it was posted: refused (with its errors), or asked to show more
    (a standard text inserted, a preview). `panel` names whose form it is, `name` which of its forms;
    `extra` is whatever else that panel shows with it (a decision's letters)."""

    panel: str
    name: str
    form: FlaskForm
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Panel:
    """Another domain's part of the page: the template that draws it and the `panel` it reads."""

    template: str
    data: object
    top: bool = False  # drawn under the page's title, above the report, instead of beside the timeline


PanelProvider = Callable[[Case, access.Viewer, FormInUse | None], Panel | None]
_providers: list[PanelProvider] = []


def register_panel(provider: PanelProvider) -> None:
    """Adds a domain's panel, drawn after the timeline in the order registered; None draws nothing."""
    if provider not in _providers:
        _providers.append(provider)


@dataclass(frozen=True)
class ActionsPanel:
    """The case handlers' actions: one form each; `open` is the one unfolded."""

    forms: dict[str, FlaskForm]
    open: str | None
    can_manage_replies: bool
    linked: list[Case]
    linked_open: list[Case]
    extended: bool


@dataclass(frozen=True)
class HearingPanel:
    """Hoor en wederhoor: the open requests, and the form to ask when the viewer may."""

    asks: list[hearing.Ask]
    form: ResponseRequestForm | None
    names: dict[int, str]


@dataclass(frozen=True)
class StaffCasePage:
    case: Case
    events: list
    deadlines: list
    attachments: list
    lead_case: Case | None
    party_roles: dict
    conflicts: list
    actions: ActionsPanel | None  # None: the viewer does not handle cases
    hearing: HearingPanel
    panels: list[Panel]  # the other domains' panels


def audience_choices(case: Case) -> list[tuple[str, str]]:
    """Whom a message can address or a case wait on, in words."""
    names = {p.organisation_id: p.organisation.name for p in case.parties}
    words = {"parties": _("All parties"), "reporter": _("The reporter")}
    return [(code, words.get(code) or names[party_of(code)]) for code in handling.audiences(case)]


def _assignee_choices(case: Case) -> list[tuple[str, str]]:
    choices = [("", _("Choose…"))]
    conflicted = handling.conflicted_user_ids(case)
    for user in handler_settings.handlers():
        notes = [] if user.on_duty else [_("not on duty")]
        if user.id in conflicted:
            notes.append(_("conflict of interest"))
        choices.append((user.email, f"{user.name} ({', '.join(notes)})" if notes else user.name))
    return choices


def _dress(name: str, form: FlaskForm, case: Case) -> FlaskForm:
    """Gives the form the choices the page offers for this case."""
    if name == "status":
        form.narrow(case.status)
        form.waiting_on.choices = audience_choices(case)
    elif name == "assign":
        form.assignee.choices = _assignee_choices(case)
    elif name == "message":
        form.visibility.choices = audience_choices(case)
        form.canned.choices = [("", _("None"))] + [(str(r.id), r.title) for r in handler_settings.replies()]
    return form


def _actions(case: Case, viewer: access.Viewer, in_use: FormInUse | None) -> ActionsPanel | None:
    """The actions panel's forms; one in use keeps what was typed and its errors."""
    if not access.can_handle(viewer, case):
        return None
    mine = in_use if in_use is not None and in_use.panel == ACTIONS else None
    forms = {
        name: _dress(
            name, mine.form if mine is not None and mine.name == name else form_class(formdata=None, prefix=name), case
        )
        for name, form_class in ACTION_FORMS.items()
    }
    # The open action: the one whose form is in use, else the admissibility question of a new case.
    opened = mine.name if mine is not None else ("triage" if case.status in ("received", "triage") else None)
    return ActionsPanel(
        forms,
        opened,
        access.can_manage_replies(viewer),
        major_incidents.linked(case),
        major_incidents.linked_open(case),
        handling.was_extended(case),
    )


def _hearing(case: Case, viewer: access.Viewer) -> HearingPanel:
    may_ask = access.can_handle(viewer, case) and case.is_open and bool(case.parties)
    return HearingPanel(
        asks=hearing.asks([case.id]).get(case.id, []),
        form=ResponseRequestForm(case=case, formdata=None) if may_ask else None,
        names={p.organisation_id: p.organisation.name for p in case.parties},
    )


def build(case: Case, viewer: access.Viewer, in_use: FormInUse | None = None) -> StaffCasePage:
    """Everything the staff case page shows, asked of each domain in turn."""
    panels = [panel for provider in _providers if (panel := provider(case, viewer, in_use)) is not None]
    return StaffCasePage(
        case=case,
        events=queries.timeline(case, access.visible_scopes(viewer, case), whole=whole_timeline()),
        deadlines=queries.deadlines(case),
        attachments=work_queue.attachments_of(case),
        lead_case=work_queue.lead_case(case),
        party_roles=labels.PARTY_ROLE,
        conflicts=handler_settings.conflicts_on(case) if viewer.user.role == "coordinator" else [],
        actions=_actions(case, viewer, in_use),
        hearing=_hearing(case, viewer),
        panels=panels,
    )


def render(case: Case, viewer: access.Viewer, in_use: FormInUse | None = None) -> str:
    """The page as HTML."""
    return render_template("cases/detail.html", page=build(case, viewer, in_use))
