"""Browser fixtures: the test app served over HTTP, Chromium through Playwright, screenshots, a filed case.

The live server serves the very app object of the other fixtures (`_session_app`), so the `app`
fixture's clean database per test holds for the browser too. Playwright's sync API runs its own
event loop: its fixtures stay session-scoped (one Chromium for the run), contexts per test.
"""

import os
import threading
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import clock
from app.extensions import db
from app.intake.services import filing
from app.intake.services.filing import IncidentReport, Reporter

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000


def _unavailable(reason: str):
    """Skip locally; fail where REQUIRE_BROWSER=1 (CI), so the browser tests never vanish silently."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1: a missing browser is a failure here)", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class LiveServer:
    url: str

    def __call__(self, path: str = "/") -> str:
        return self.url + path


@pytest.fixture(scope="session")
def live_server(_session_app):
    """The test app on 127.0.0.1 and a free port, in a background thread for the whole run."""
    server = make_server("127.0.0.1", 0, _session_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def _playwright():
    if not (Path(CHROMIUM_PATH).is_file() and os.access(CHROMIUM_PATH, os.X_OK)):
        _unavailable(f"Chromium not found at {CHROMIUM_PATH}: browser tests skipped (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("The playwright package is not installed: browser tests skipped (make install-dev)")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    from playwright.sync_api import expect

    chromium = _playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
    expect.set_options(timeout=TIMEOUT_MS)
    yield chromium
    chromium.close()


@pytest.fixture()
def new_context(browser, live_server, app):
    """Makes browser contexts (fresh cookies each) on the live server; closes them after the test."""
    contexts = []

    def _new(**options):
        settings = {
            "base_url": live_server.url,
            "viewport": VIEWPORT,
            "locale": "nl-NL",
            "timezone_id": "Europe/Amsterdam",
            **options,
        }
        context = browser.new_context(**settings)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()


@pytest.fixture()
def page(new_context):
    """A page in a fresh context (no session yet: Dutch, the default language)."""
    return new_context().new_page()


@pytest.fixture(scope="session")
def screenshot_dir():
    """Where README screenshots go when SCREENSHOT_DIR is set; None otherwise."""
    path = os.environ.get("SCREENSHOT_DIR")
    if not path:
        return None
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


class Screenshots:
    """screenshots(page, "name.png"): a full-page PNG in SCREENSHOT_DIR when it is set, else nothing."""

    def __init__(self, directory: Path | None):
        self.directory = directory

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    def __call__(self, page, name: str, height: int | None = None) -> None:
        """`height`: only the top of the page, as a screen of that height shows it."""
        if self.enabled:
            clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height} if height else None
            page.screenshot(path=str(self.directory / name), full_page=True, clip=clip)


@pytest.fixture()
def screenshot(screenshot_dir):
    return Screenshots(screenshot_dir)


@pytest.fixture()
def filed_case(app, register_with_keurmerk):
    """A data-leak report filed through the service, as the form would: (reference, code)."""
    report = IncidentReport(
        reporter=Reporter(name="Rita Reporter", email="rita@hetbaken.example"),
        participant_id=register_with_keurmerk.id,
        category="data_breach",
        title="Cijfers zichtbaar",
        description="Leerlingen zagen elkaars cijfers.",
        discovered_at=clock.now() - timedelta(hours=3),
        breach={"impact": ["confidentiality"], "affected_min": 10, "affected_max": 40, "ap_notified": False},
    )
    filed = filing.file_incident(report)
    case, code = filed.case, filed.code
    reference = case.reference
    db.session.commit()
    return reference, code
