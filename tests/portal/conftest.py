"""Portal fixtures: two suppliers with a user each and the foundation's staff, and a dispute between them."""

import pytest

from tests.portal.helpers import file_dispute, parties


@pytest.fixture()
def world(make_org, make_user):
    return parties(make_org, make_user)


@pytest.fixture()
def dispute(world):
    """Vodix's claimant against Leerlab, filed and committed (on whichever `world` the test module has)."""
    return file_dispute(world["claimant"], world["leerlab"])
