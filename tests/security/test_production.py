"""HEZUO_ENV=production: `check --deploy` is clean, and a missing SECRET_KEY stops the start."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

HEZUO = str(Path(sys.executable).with_name("hezuo"))


def run_check(**env: str) -> subprocess.CompletedProcess[str]:
    # Not the test run's own settings: DJANGO_ALLOW_ASYNC_UNSAFE (tests/conftest.py) is itself a
    # deployment error.
    unset = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(HEZUO_ENV="production", ALLOWED_HOSTS="hezuo.example.org", **env)
    return subprocess.run(
        [HEZUO, "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing():
    result = run_check(SECRET_KEY=secrets.token_urlsafe(45))  # 60 characters
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check()
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_check(SECRET_KEY="too-short")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
