"""The API tests' client checks every answer against the OpenAPI document."""

import pytest

from tests.api.contract import CheckedClient


@pytest.fixture()
def client(app):
    return CheckedClient(app, app.response_class)
