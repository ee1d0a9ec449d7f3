"""`make run` gives the e-mail links the address of the server it starts."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _serve_line(*args: str, env_extra: dict | None = None) -> str:
    env = {key: value for key, value in os.environ.items() if key not in ("PUBLIC_BASE_URL", "HOST", "PORT")}
    env.update(env_extra or {})
    out = subprocess.run(
        ["make", "-n", "run", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return next(line for line in out.splitlines() if " serve " in line)


def test_make_run_derives_the_public_base_url_from_host_and_port():
    line = _serve_line("PORT=8080")
    assert "PUBLIC_BASE_URL=http://127.0.0.1:8080 " in line
    assert "--port 8080" in line
    assert "PUBLIC_BASE_URL=http://localhost:5001 " in _serve_line("HOST=localhost", "PORT=5001")


def test_make_run_defaults_to_port_5000():
    assert "PUBLIC_BASE_URL=http://127.0.0.1:5000 " in _serve_line()


def test_a_public_base_url_from_the_environment_wins():
    line = _serve_line("PORT=8080", env_extra={"PUBLIC_BASE_URL": "https://meldpunt.example.nl"})
    assert "PUBLIC_BASE_URL=https://meldpunt.example.nl " in line
