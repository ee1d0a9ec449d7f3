"""The desk of the compliance page and API tests: a supplier, a complaint in progress, staff and its users."""

import pytest

from app import clock
from app.auth.models import Role
from app.extensions import db
from tests.helpers.clock import NOW

from .helpers import complaint_in_progress, people, supplier


@pytest.fixture()
def desk(app, make_user):
    clock.freeze(NOW)
    vodix, leerlab = supplier(), supplier("Leerlab", services=("Onderwijsaanbod",))
    db.session.commit()
    folks = people(make_user, vodix)
    folks["lotte"] = make_user("lotte@leerlab.example", Role.PARTICIPANT, organisation=leerlab, name="Lotte")
    folks["adam"] = make_user("adam@edu-v.example", Role.ADMIN, name="Adam")
    case = complaint_in_progress(vodix, folks["sam"])
    return {"vodix": vodix, "leerlab": leerlab, "case": case, **folks}
