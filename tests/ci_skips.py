"""No silent skips: a pytest plugin (loaded by ``conftest.py``) that holds every skip to its reason.

- With ``CI=true``, a test marked ``neo4j`` or ``browser`` that skips fails instead, whatever the
  path that skipped it (a fixture, the test, a helper): CI has the server and the browser, so a
  skip there means the check did not run. Deselecting them (``-m "not neo4j"``) fails the run too.
- Everywhere, a skip must say why: a bare ``pytest.skip()`` or ``@pytest.mark.skip`` fails. The
  reasons of the others are listed at the end of the run (``-ra`` in ``pyproject.toml``).
"""

from __future__ import annotations

import os

import pytest

SERVICES = ("neo4j", "browser")
REASONLESS = {"", "unconditional skip"}


def on_ci() -> bool:
    return os.environ.get("CI") == "true"


def _reason(report: pytest.TestReport) -> str:
    """The reason a skip gave (pytest keeps it as ``(file, line, "Skipped: reason")``)."""
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr or "")
    return text.removeprefix("Skipped").removeprefix(":").strip()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = _reason(report)
    services = [name for name in SERVICES if item.get_closest_marker(name)]
    if on_ci() and services:
        report.outcome = "failed"
        report.longrepr = (
            f"CI=true: a {services[0]} test may not skip, and this one did ({reason or 'no reason'})"
        )
    elif reason in REASONLESS:
        report.outcome = "failed"
        report.longrepr = "skipped without a reason: give one (pytest.skip(reason), mark.skip(reason=...))"


def pytest_deselected(items: list[pytest.Item]) -> None:
    if not on_ci():
        return
    dropped = sorted({name for item in items for name in SERVICES if item.get_closest_marker(name)})
    if dropped:
        pytest.exit(
            f"CI=true: the {' and '.join(dropped)} tests were deselected; CI runs them all", returncode=3
        )
