"""The public incident form, the receipt, and the reporter's follow-up pages."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cases import access
from app.cases.services import hearing, queries
from app.cases.downloads import send_attachment
from app.compliance import outcome as outcomes
from app.errors_domain import DomainError, NotFound
from app.extensions import db, limiter
from app.intake import access_links, breach, receipts, services
from app.intake.breach_forms import breach_forms
from app.intake.follow_forms import AddInformationForm, FollowUpForm, OpenLinkForm, RequestLinkForm
from app.intake.forms import IncidentForm
from app.intake.uploads import checked_files

bp = Blueprint("intake", __name__)
FOLLOWED = "followed_cases"


def _intake_limit() -> str:
    return current_app.config["INTAKE_RATE_LIMIT"]


def _follow_up_limit() -> str:
    return current_app.config["FOLLOW_UP_RATE_LIMIT"]


def _actor():
    return current_user if current_user.is_authenticated else None


@bp.route("/melden/incident", methods=["GET", "POST"])
@limiter.limit(_intake_limit, methods=["POST"])
def incident():
    form = IncidentForm()
    if request.method == "GET":
        _prefill_reporter(form)
    if form.validate_on_submit():
        files = checked_files(request.files.getlist(form.attachments.name), form.attachments.errors)
        if not form.attachments.errors:
            case, code = services.file_incident(form.to_report(), files, actor=_actor())
            return _receipt_redirect(case, code)
    return render_template("intake/incident.html", form=form)


def _prefill_reporter(form) -> None:
    """A logged-in reporter need not type their own details."""
    if _actor() is None:
        return
    form.reporter_name.data = form.reporter_name.data or current_user.name
    form.reporter_email.data = form.reporter_email.data or current_user.email
    if current_user.organisation is not None:
        form.reporter_organisation.data = current_user.organisation.name


def _receipt_redirect(case, code: str | None):
    """Commits the filing and shows its receipt once; `code` None: the case is followed through the
    account (a dispute), no code is shown."""
    # The code never sits in the session cookie: the cookie holds only a pad for its masked half.
    receipt = {"reference": case.reference}
    if code is not None:
        receipt["code"] = receipts.hold(case.id, code)
    db.session.commit()
    session["receipt"] = receipt
    _remember(case)
    return redirect(url_for("intake.receipt"))


def _remember(case) -> None:
    followed = set(session.get(FOLLOWED, []))
    followed.add(case.id)
    session[FOLLOWED] = sorted(followed)[-20:]


@bp.get("/melden/ontvangen")
def receipt():
    receipt = session.pop("receipt", None)
    if not isinstance(receipt, dict) or queries.find_by_reference(receipt.get("reference")) is None:
        return render_template("intake/receipt_gone.html")
    case = queries.by_reference(receipt["reference"])
    code = None
    if "code" in receipt:
        code = receipts.take(receipt["code"])
        db.session.commit()
        if code is None:  # shown already, or kept too long
            return render_template("intake/receipt_gone.html")
    return render_template("intake/receipt.html", case=case, code=code,
                           deadlines=hearing.visible_deadlines(_viewer(case), case))


@bp.route("/volgen", methods=["GET", "POST"])
@limiter.limit(_follow_up_limit, methods=["POST"])
def follow_up():
    form = FollowUpForm()
    if request.method == "GET" and request.args.get("reference"):
        form.reference.data = request.args["reference"][:20]
    if form.validate_on_submit():
        try:
            case = services.find_for_follow_up(form.reference.data, form.code.data)
        except NotFound:
            form.form_errors.append(_("This combination of reference and code is not known to us. Check both and try again."))
        else:
            _remember(case)
            return redirect(url_for("intake.case", reference=case.reference))
    return render_template("intake/follow_up.html", form=form, link_form=RequestLinkForm(formdata=None))


@bp.post("/volgen/link")
@limiter.limit(_follow_up_limit)
def request_link():
    """A lost code: the answer is the same whether the reference exists, opted in, or matches."""
    form = RequestLinkForm()
    if form.validate_on_submit():
        access_links.request_link(form.reference.data, form.email.data)
        db.session.commit()
        flash(_("If this matches a report that asked for links, a link is on its way. It works once, for "
                "%(minutes)s minutes.", minutes=current_app.config["ACCESS_LINK_VALID_MINUTES"]), "info")
        return redirect(url_for("intake.follow_up"))
    return render_template("intake/follow_up.html", form=FollowUpForm(formdata=None), link_form=form), 422


@bp.route("/volgen/link/<token>", methods=["GET", "POST"])
@limiter.limit(_follow_up_limit, methods=["POST"])
def open_link(token: str):
    """GET shows a button (a mail scanner's fetch spends nothing); POST spends the link and opens the report."""
    form = OpenLinkForm()
    try:
        if form.validate_on_submit():
            case = access_links.use(token[:100])
            db.session.commit()
            _remember(case)
            return redirect(url_for("intake.case", reference=case.reference))
        link = access_links.find(token[:100])
    except DomainError as gone:
        return render_template("intake/link_gone.html", message=gone.message), gone.status
    return render_template("intake/open_link.html", form=form, reference=link.case.reference)


def _viewer(case) -> access.Viewer:
    followed = case.id in session.get(FOLLOWED, [])
    return access.Viewer(user=_actor(), reporter_of_case_id=case.id if followed else None)


def _visible_case(reference: str):
    """The case if this visitor may see it; 404 otherwise, exactly as for an unknown one."""
    case = queries.find_by_reference(reference)
    if case is None:
        abort(404)
    viewer = _viewer(case)
    if not access.can_view(viewer, case):
        abort(404)
    return case, viewer


@bp.get("/volgen/<reference>")
def case(reference: str):
    case, viewer = _visible_case(reference)
    return _render_case(case, viewer, AddInformationForm())


def _render_case(case, viewer, form, status=200, **forms):
    if access.can_update_breach(viewer, case):
        forms = {**breach_forms(case), **forms}
    return render_template(
        "intake/case.html", case=case, form=form,
        events=queries.visible_events(case, access.visible_scopes(viewer, case)),
        deadlines=hearing.visible_deadlines(viewer, case), can_add=access.can_contribute(viewer, case),
        show_contact=access.can_see_reporter_contact(viewer, case), outcome=outcomes.for_viewer(viewer, case),
        **forms,
    ), status


@bp.get("/volgen/<reference>/afdrukken")
def print_case(reference: str):
    """The report as filed, on a page of its own to print or save (e.g. for the AP's form)."""
    case, viewer = _visible_case(reference)
    return render_template("cases/print.html", case=case, back_url=url_for("intake.case", reference=reference),
                           show_contact=access.can_see_reporter_contact(viewer, case),
                           outcome=outcomes.for_viewer(viewer, case))


@bp.post("/volgen/<reference>/aanvullen")
@limiter.limit(_follow_up_limit)
def add_information(reference: str):
    case, viewer = _visible_case(reference)
    if not access.can_contribute(viewer, case):
        abort(403)
    form = AddInformationForm()
    if form.validate_on_submit():
        files = checked_files(request.files.getlist(form.attachments.name), form.attachments.errors)
        if not form.attachments.errors:
            services.add_reporter_information(case, form.body.data.strip(), files, actor=_actor())
            db.session.commit()
            return redirect(url_for("intake.case", reference=case.reference, _anchor="timeline"))
    return _render_case(case, viewer, form, status=422)


@bp.post("/volgen/<reference>/ap-melding")
@limiter.limit(_follow_up_limit)
def ap_notification(reference: str):
    """The reporter told the AP: the AP clock stops."""
    case, viewer = _visible_case(reference)
    if not access.can_update_breach(viewer, case):
        abort(404)
    forms = breach_forms(case, submitted="ap")
    form = forms["ap_form"]
    if form.validate_on_submit():
        breach.record_ap_notification(case, **form.to_notification(), actor=_actor())
        db.session.commit()
        flash(_("Recorded: you reported the leak to the AP. The AP deadline is met."), "info")
        return redirect(url_for("intake.case", reference=case.reference))
    return _render_case(case, viewer, AddInformationForm(formdata=None), 422, **forms)


@bp.post("/volgen/<reference>/datalek")
@limiter.limit(_follow_up_limit)
def update_breach(reference: str):
    """Updated answers to the breach questions, kept as a new version."""
    case, viewer = _visible_case(reference)
    if not access.can_update_breach(viewer, case):
        abort(404)
    forms = breach_forms(case, submitted="breach")
    form = forms["breach_form"]
    if form.validate_on_submit():
        breach.update_answers(case, form.to_answers(), actor=_actor())
        db.session.commit()
        flash(_("Your updated answers are saved; the earlier ones stay on the timeline."), "info")
        return redirect(url_for("intake.case", reference=case.reference))
    return _render_case(case, viewer, AddInformationForm(formdata=None), 422, **forms)


@bp.app_template_filter("breach_answers")
def _breach_answers(data):
    return breach.shown(data)


@bp.post("/volgen/<reference>/sluiten")
def close(reference: str):
    """Ends this browser's access to the case: the next user of a shared computer needs the code."""
    case = queries.find_by_reference(reference)
    followed = [case_id for case_id in session.get(FOLLOWED, []) if case is None or case_id != case.id]
    session[FOLLOWED] = followed
    flash(_("The report is closed on this device. To open it again, enter its reference and code."), "info")
    return redirect(url_for("intake.follow_up"))


@bp.get("/volgen/<reference>/bijlagen/<int:attachment_id>")
def attachment(reference: str, attachment_id: int):
    case, viewer = _visible_case(reference)
    item = queries.attachment(case, attachment_id)
    if item is None or not access.can_see_item(viewer, case, item.visibility):
        abort(404)
    return send_attachment(case, item)


from app.intake import filing_views  # noqa: E402,F401  (complaint and dispute routes)
