"""Site-wide behaviour: security headers, the language switch, error pages, health."""

from tests.helpers.pages import csrf_token


def test_security_headers_on_every_page(client):
    response = client.get("/")
    headers = response.headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_case_pages_are_not_cached(client):
    assert client.get("/volgen").headers["Cache-Control"] == "no-store"


def test_session_cookie_is_http_only_and_secure_in_production():
    from config import Config

    assert Config.SESSION_COOKIE_SECURE and Config.SESSION_COOKIE_HTTPONLY
    assert Config.SESSION_COOKIE_SAMESITE == "Lax"


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    import pytest

    from app import create_app

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_dutch_by_default_and_english_on_request(client):
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)
    token = csrf_token(client, "/")
    response = client.post("/taal", data={"csrf_token": token, "lang": "en", "next": "/volgen"})
    assert response.headers["Location"].endswith("/volgen")
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "Report an incident" in html
    token = csrf_token(client, "/")
    client.post("/taal", data={"csrf_token": token, "lang": "nl", "next": "https://evil.example/"})
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404 and "<h1>" in response.get_data(as_text=True)


def test_health(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
