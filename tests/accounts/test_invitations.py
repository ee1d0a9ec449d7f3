"""Organisation accounts: the first user by staff, invitations that work once and expire, removal."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.accounts import services
from app.accounts.models import Invitation
from app.auth.models import Role, User
from app.errors_domain import Conflict, DomainError, NotAllowed
from app.extensions import db
from tests.api.helpers import token_for
from tests.helpers.login import PASSWORD, login, login_en
from tests.helpers.pages import csrf_of, english
from tests.portal.helpers import mails_to

NEW_PASSWORD = "paarse olifant danst samba"


@pytest.fixture()
def vodix(make_org):
    return make_org("Vodix")


def invite(client, organisation_id: int, **fields):
    page = "/organisatie" if "staff" not in fields else f"/beheer/organisaties/{organisation_id}"
    fields.pop("staff", None)
    token = csrf_of(client.get(page).get_data(as_text=True))
    return client.post(f"/organisaties/{organisation_id}/uitnodigen", data={"csrf_token": token, **fields})


def link_in(mail) -> str:
    return re.search(r"http://localhost(/uitnodiging/\S+)", mail.body_text).group(1)


def accept(client, link: str, password: str = NEW_PASSWORD, confirm: str | None = None, name: str = "Nina"):
    english(client)
    page = client.get(link)
    assert page.status_code == 200, page.get_data(as_text=True)
    return client.post(
        link,
        data={
            "csrf_token": csrf_of(page.get_data(as_text=True)),
            "name": name,
            "password": password,
            "confirm": password if confirm is None else confirm,
        },
    )


def first_admin(client, make_user, vodix, email="nina@vodix.example"):
    """A coordinator creates Vodix's first user, who accepts: returns that user, logged in on `client`."""
    make_user("co@edu-v.example", Role.COORDINATOR)
    login_en(client, "co@edu-v.example")
    response = invite(client, vodix.id, staff=True, name="Nina", email=email)
    assert response.status_code == 302
    client.post("/uitloggen", data={"csrf_token": csrf_of(client.get("/").get_data(as_text=True))})
    accept(client, link_in(mails_to(email)[0]))
    return db.session.scalar(select(User).where(User.email == email))


def test_a_coordinator_creates_the_first_user_who_sets_a_password_and_administers(client, make_user, vodix):
    user = first_admin(client, make_user, vodix)
    assert user.organisation_id == vodix.id and user.role == "participant" and user.is_org_admin
    assert user.check_password(NEW_PASSWORD)
    mail = mails_to("nina@vodix.example")[0]
    assert "Vodix" in mail.subject and NEW_PASSWORD not in mail.body_text
    invitation = db.session.scalar(select(Invitation))
    assert invitation.used_at is not None and invitation.grants_admin
    # The token is stored only as its hash.
    assert link_in(mail).rsplit("/", 1)[1] not in invitation.token_hash
    # Logged in at once, on the organisation's cases.
    assert client.get("/mijn/zaken").status_code == 200


def test_the_staff_list_shows_which_organisations_lack_an_administrator(client, make_user, vodix, make_org):
    make_org("Leerlab")
    make_user("admin@edu-v.example", Role.ADMIN)
    login_en(client, "admin@edu-v.example")
    html = client.get("/beheer/organisaties?q=vod").get_data(as_text=True)
    assert "Vodix" in html and "Leerlab" not in html and "none yet" in html
    assert "Create the first account" in client.get(f"/beheer/organisaties/{vodix.id}").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.PARTICIPANT])
def test_supervisors_and_participants_cannot_create_first_users(client, make_user, vodix, make_org, role):
    other = make_org("Leerlab")
    make_user("x@example.org", role, organisation=other if role == Role.PARTICIPANT else None)
    login(client, "x@example.org")
    assert client.get("/beheer/organisaties").status_code in (302, 404)
    assert client.get(f"/beheer/organisaties/{vodix.id}").status_code in (302, 404)
    token = csrf_of(client.get("/inloggen").get_data(as_text=True))
    refused = client.post(
        f"/organisaties/{vodix.id}/uitnodigen", data={"csrf_token": token, "name": "Eve", "email": "eve@example.org"}
    )
    assert refused.status_code == 404
    assert db.session.scalar(select(Invitation)) is None
    with pytest.raises(NotAllowed):
        services.create_first_user(
            vodix, "eve@example.org", "Eve", actor=db.session.scalar(select(User).where(User.email == "x@example.org"))
        )


def test_the_administrator_invites_a_colleague_who_cannot_invite_in_turn(client, app, make_user, vodix):
    first_admin(client, make_user, vodix)
    assert invite(client, vodix.id, name="Piet", email="Piet@Vodix.example").status_code == 302
    colleague_client = app.test_client()
    accept(colleague_client, link_in(mails_to("piet@vodix.example")[0]), name="Piet Pieters")
    piet = db.session.scalar(select(User).where(User.email == "piet@vodix.example"))
    assert piet.name == "Piet Pieters" and not piet.is_org_admin and piet.organisation_id == vodix.id
    html = colleague_client.get("/organisatie").get_data(as_text=True)
    assert "Nina" in html and "Invite a colleague" not in html
    token = csrf_of(html)
    refused = colleague_client.post(
        f"/organisaties/{vodix.id}/uitnodigen", data={"csrf_token": token, "name": "Eve", "email": "eve@vodix.example"}
    )
    assert refused.status_code == 403


def test_an_expired_invitation_is_refused_clearly_and_makes_no_account(client, make_user, vodix):
    make_user("co@edu-v.example", Role.COORDINATOR)
    coordinator = db.session.scalar(select(User))
    _, token = services.create_first_user(vodix, "nina@vodix.example", "Nina", actor=coordinator)
    db.session.commit()
    english(client)
    page = client.get(f"/uitnodiging/{token}")
    form = csrf_of(page.get_data(as_text=True))
    clock.freeze(clock.now() + timedelta(hours=73))
    for response in (
        client.get(f"/uitnodiging/{token}"),
        client.post(
            f"/uitnodiging/{token}",
            data={"csrf_token": form, "name": "Nina", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        ),
    ):
        assert response.status_code == 409
        assert "This invitation has expired." in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "nina@vodix.example")) is None


def test_a_used_invitation_does_not_work_twice(client, app, make_user, vodix):
    first_admin(client, make_user, vodix)
    link = link_in(mails_to("nina@vodix.example")[0])
    again = app.test_client()
    english(again)
    response = again.get(link)
    assert response.status_code == 409
    assert "This invitation has already been used." in response.get_data(as_text=True)
    assert again.get("/uitnodiging/not-a-real-token").status_code == 404


def test_a_newer_invitation_replaces_the_older_link(client, make_user, vodix):
    first_admin(client, make_user, vodix)
    invite(client, vodix.id, name="Piet", email="piet@vodix.example")
    invite(client, vodix.id, name="Piet", email="piet@vodix.example")
    old, new = (link_in(mail) for mail in mails_to("piet@vodix.example"))
    english(client)
    assert "withdrawn or replaced" in client.get(old).get_data(as_text=True)
    assert client.get(new).status_code == 200


def test_bad_passwords_keep_the_name_and_leave_the_link_usable(client, make_user, vodix):
    make_user("co@edu-v.example", Role.COORDINATOR)
    _, token = services.create_first_user(vodix, "nina@vodix.example", "Nina", actor=db.session.scalar(select(User)))
    db.session.commit()
    link = f"/uitnodiging/{token}"
    short = accept(client, link, password="kort", name="Nina de Boer")
    assert short.status_code == 422
    html = short.get_data(as_text=True)
    assert "Use at least 12 characters." in html and 'value="Nina de Boer"' in html
    differ = accept(client, link, confirm="something else entirely", name="Nina de Boer")
    assert "The two passwords differ." in differ.get_data(as_text=True)
    assert accept(client, link).status_code == 302


def test_inviting_an_address_that_has_an_account_is_refused_at_the_field(client, make_user, vodix):
    first_admin(client, make_user, vodix)
    response = invite(client, vodix.id, name="Co", email="co@edu-v.example")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "This e-mail address already has an account." in html and 'value="Co"' in html
    bad = invite(client, vodix.id, name="", email="not an address")
    assert bad.status_code == 422 and 'value="not an address"' in bad.get_data(as_text=True)


def test_removing_a_colleague_ends_login_and_tokens_and_a_new_invitation_reopens_the_account(
    client, app, make_user, vodix
):
    admin = first_admin(client, make_user, vodix)
    piet = make_user("piet@vodix.example", Role.PARTICIPANT, organisation=vodix)
    headers = token_for(piet)
    assert app.test_client().get("/api/v1/cases", headers=headers).status_code == 200
    token = csrf_of(client.get("/organisatie").get_data(as_text=True))
    assert (
        client.post(f"/organisaties/{vodix.id}/leden/{piet.id}/verwijderen", data={"csrf_token": token}).status_code
        == 302
    )
    db.session.refresh(piet)
    assert not piet.active and all(t.revoked_at for t in piet.tokens)
    assert app.test_client().get("/api/v1/cases", headers=headers).status_code == 401
    assert login(app.test_client(), "piet@vodix.example").status_code == 200  # the form again: refused
    # Removing oneself is refused with a message; nothing changes.
    own = client.post(
        f"/organisaties/{vodix.id}/leden/{admin.id}/verwijderen", data={"csrf_token": token}, follow_redirects=True
    )
    assert "You cannot remove yourself" in own.get_data(as_text=True)
    assert db.session.get(User, admin.id).active
    # Invited again, Piet gets the same account back.
    invite(client, vodix.id, name="Piet", email="piet@vodix.example")
    accept(app.test_client(), link_in(mails_to("piet@vodix.example")[-1]), name="Piet")
    db.session.refresh(piet)
    assert piet.active and piet.check_password(NEW_PASSWORD) and not piet.check_password(PASSWORD)


def test_an_administrator_cannot_reach_another_organisation(client, make_user, vodix, make_org):
    first_admin(client, make_user, vodix)
    leerlab = make_org("Leerlab")
    other = make_user("lia@leerlab.example", Role.PARTICIPANT, organisation=leerlab)
    token = csrf_of(client.get("/organisatie").get_data(as_text=True))
    assert (
        client.post(f"/organisaties/{leerlab.id}/leden/{other.id}/verwijderen", data={"csrf_token": token}).status_code
        == 404
    )
    assert (
        client.post(f"/organisaties/{vodix.id}/leden/{other.id}/verwijderen", data={"csrf_token": token}).status_code
        == 404
    )
    assert (
        client.post(
            f"/organisaties/{leerlab.id}/uitnodigen",
            data={"csrf_token": token, "name": "X", "email": "x@leerlab.example"},
        ).status_code
        == 404
    )
    assert db.session.get(User, other.id).active


def test_an_open_invitation_can_be_withdrawn(client, make_user, vodix):
    first_admin(client, make_user, vodix)
    invite(client, vodix.id, name="Piet", email="piet@vodix.example")
    invitation = db.session.scalar(select(Invitation).where(Invitation.email == "piet@vodix.example"))
    token = csrf_of(client.get("/organisatie").get_data(as_text=True))
    client.post(f"/organisaties/{vodix.id}/uitnodigingen/{invitation.id}/intrekken", data={"csrf_token": token})
    english(client)
    assert "withdrawn" in client.get(link_in(mails_to("piet@vodix.example")[0])).get_data(as_text=True)


def test_staff_cannot_create_a_second_first_user(client, make_user, vodix):
    first_admin(client, make_user, vodix)
    coordinator = db.session.scalar(select(User).where(User.email == "co@edu-v.example"))
    with pytest.raises(Conflict):
        services.create_first_user(vodix, "other@vodix.example", "Other", actor=coordinator)


def test_a_weak_password_is_refused_at_the_field_with_the_reason(client, make_user, vodix):
    make_user("co@edu-v.example", Role.COORDINATOR)
    _, token = services.create_first_user(vodix, "nina@vodix.example", "Nina", actor=db.session.scalar(select(User)))
    db.session.commit()
    weak = accept(client, f"/uitnodiging/{token}", password="password1234", name="Nina de Boer")
    html = weak.get_data(as_text=True)
    assert weak.status_code == 422 and "This password is too easy to guess." in html
    assert "This is a very common password." in html  # zxcvbn's reason next to the field
    own_name = accept(client, f"/uitnodiging/{token}", password="nina@vodix.example", name="Nina de Boer")
    assert own_name.status_code == 422
    assert db.session.scalar(select(User).where(User.email == "nina@vodix.example")) is None


def test_a_returning_colleague_also_needs_a_strong_password(app, make_user, vodix):
    """The reopened account sets its password through the same rule (app.auth.passwords)."""
    piet = make_user("piet@vodix.example", Role.PARTICIPANT, organisation=vodix)
    piet.active = False
    make_user("co@edu-v.example", Role.COORDINATOR)
    db.session.commit()
    coordinator = db.session.scalar(select(User).where(User.email == "co@edu-v.example"))
    _, token = services.invite(vodix, "piet@vodix.example", "Piet", actor=coordinator)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        services.accept(token, "Piet", "password1234")
    assert refused.value.field == "password"
    db.session.rollback()
    assert not db.session.get(User, piet.id).active
