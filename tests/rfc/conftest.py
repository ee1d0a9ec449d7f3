"""The RFC API tests check every answer against the OpenAPI document, as tests/api does."""

import pytest

from tests.api.contract import CheckedClient


@pytest.fixture()
def client(app):
    return CheckedClient(app, app.response_class)
