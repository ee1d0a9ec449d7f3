"""The API's answers and requests checked against its OpenAPI document by openapi-core."""

import json
from functools import cache

from flask.testing import FlaskClient
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_schema_validator import OAS30Validator
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from app.api import openapi

PREFIX = "/api/v1/"


@cache
def document() -> dict:
    """The document as the app serves it (the contact does not change what it validates)."""
    return openapi.document("meldpunt@example.org", "https://meldpunt.example")


@cache
def spec() -> OpenAPI:
    # Errors are application/problem+json (RFC 9457), which openapi-core does not read as JSON by itself.
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return OpenAPI.from_dict(document(), config=config)


class _AnsweredRequest(WerkzeugOpenAPIRequest):
    """The request of an answer: the app has read its body, and checking the answer needs only its
    method, path and parameters."""

    @property
    def body(self) -> None:
        return None


def check_answer(response) -> None:
    """Raises openapi-core's error when the answer is not one the document describes for its request."""
    try:
        spec().validate_response(_AnsweredRequest(response.request), WerkzeugOpenAPIResponse(response))
    except (PathNotFound, OperationNotFound):
        # No operation describes an unknown path (404) or method (405): the answer is still a Problem.
        assert response.status_code in (404, 405), response.status_code
        assert response.mimetype == "application/problem+json"
        OAS30Validator(document()["components"]["schemas"]["Problem"]).validate(response.get_json())


def check_request(method: str, path: str, body: dict, headers: dict | None = None) -> None:
    """Raises openapi-core's error when the request is not one the document accepts."""
    request = Request(EnvironBuilder(path=path, method=method, json=body, headers=headers).get_environ())
    spec().validate_request(WerkzeugOpenAPIRequest(request))


class CheckedClient(FlaskClient):
    """A test client that checks every answer of the API against the document."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.request.path.startswith(PREFIX):
            check_answer(response)
        return response
