"""E-mails of case handling: the assignee is told, and formal decisions go to every side in writing."""

from dataclasses import dataclass, replace

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from app.auth.models import User
from app.cases import links
from app.cases.models import Case, TimelineEvent
from app.cases.notices.parties import organisation_recipients, reporter_verified
from app.notify import services as outbox


def _desk_language():
    # The handler's own page language must not decide the language of mail to others.
    return force_locale(current_app.config["BABEL_DEFAULT_LOCALE"])


def assigned(case: Case, assignee: User, event: TimelineEvent) -> None:
    with _desk_language():
        outbox.enqueue(
            f"assigned:{event.id}",
            assignee.email,
            _("%(reference)s is assigned to you", reference=case.reference),
            "case_assigned",
            case=case,
            assignee=assignee,
            case_url=links.staff_url(case),
        )


def _sides(case: Case) -> list[tuple[str, str, str, bool, str]]:
    """(address, salutation name, link, verified, side) for the reporter and every other party organisation.

    `side` names the recipient's side for a preview: the reporter, or the organisation's name.

    A reporter's address nobody verified gets no salutation name and no case title: the filer chose those."""
    verified = reporter_verified(case)
    sides = [
        (case.reporter_email, case.reporter_name if verified else "", links.reporter_url(case), verified, _("Reporter"))
    ]
    organisations = {p.organisation_id: p.organisation for p in case.parties if p.role != "reporter"}
    for organisation in organisations.values():
        link = links.organisation_url(case)
        sides += [
            (address, organisation.name, link, True, organisation.name)
            for address in organisation_recipients(organisation)
        ]
    # A reporter who is also a user of a party organisation (an objection) gets one letter, not two.
    seen: set[str] = set()
    return [side for side in sides if not (side[0].lower() in seen or seen.add(side[0].lower()))]


def decision_letter(case: Case, event: TimelineEvent, template: str, subject, **context) -> None:
    """A decision with its reasons (not admissible, an extension), in writing to both sides.

    Unlike the news mails of notices.parties it holds the reason: the sides are owed it in writing
    (Awb 9:8 and 9:11 as benchmark), and the reason was written for them. `subject` is a lazy
    string, so it is worded in the desk's language.
    """
    with _desk_language():
        for number, (address, name, link, verified, _side) in enumerate(_sides(case)):
            # Keys name the address by position: an e-mail address can be longer than a key.
            outbox.enqueue(
                f"{template}:{event.id}:{number}",
                address,
                subject,
                template,
                case=case,
                name=name,
                url=link,
                reason=event.text,
                verified=verified,
                **context,
            )


@dataclass(frozen=True)
class Letter:
    """One side's letter as a preview shows it: who gets it, the subject and the text as mailed."""

    side: str
    recipients: tuple[str, ...]
    subject: str
    body: str


def preview_letters(case: Case, template: str, subject, reason: str, **context) -> list[Letter]:
    """The letters decision_letter() would write, one per side, rendered but neither stored nor queued."""
    letters: dict[tuple, Letter] = {}
    with _desk_language():
        for address, name, link, verified, side in _sides(case):
            key = (side, name, link, verified)
            if key in letters:
                letters[key] = replace(letters[key], recipients=(*letters[key].recipients, address))
                continue
            body = outbox.render_text(
                template, dict(case=case, name=name, url=link, reason=reason, verified=verified, **context)
            )
            letters[key] = Letter(side, (address,), str(subject), body)
    return list(letters.values())
