"""Links in e-mails: absolute on PUBLIC_BASE_URL, with or without a request."""

from app.web.links import absolute_url


def test_absolute_url_uses_the_public_base_url_outside_requests(app):
    assert absolute_url("notify.outbox", status="failed") == "http://localhost/beheer/outbox?status=failed"
    app.config["PUBLIC_BASE_URL"] = "https://meldpunt.example/desk"
    assert (
        absolute_url("notify.message", message_id=7, _anchor="text")
        == "https://meldpunt.example/desk/beheer/outbox/7#text"
    )


def test_absolute_url_ignores_the_host_of_the_current_request(app):
    app.config["PUBLIC_BASE_URL"] = "https://meldpunt.example"
    with app.test_request_context("/", base_url="http://10.0.0.5:8000"):
        assert absolute_url("notify.outbox") == "https://meldpunt.example/beheer/outbox"
