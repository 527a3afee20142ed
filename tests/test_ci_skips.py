"""No test skips silently: with CI=true the Neo4j and browser tests cannot skip, and a skip always says why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent

SAMPLE = """
import pytest

@pytest.fixture
def server():
    pytest.skip("no Neo4j server here")

@pytest.mark.neo4j
def test_needs_a_server(server):
    pass

@pytest.mark.browser
def test_needs_a_browser():
    pytest.skip("no chromium here")

def test_skips_for_a_reason():
    pytest.skip("only on Windows")

def test_runs():
    pass
"""


def run_sample(tmp_path: Path, source: str, ci: bool, *args: str) -> subprocess.CompletedProcess:
    """The plugin in a pytest of its own, over ``source``, with or without CI=true."""
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nmarkers =\n    neo4j: x\n    browser: x\n", encoding="utf-8"
    )
    (tmp_path / "test_sample.py").write_text(source, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")])
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "ci_skips",
            "-p",
            "no:cacheprovider",
            "-ra",
            "-q",
            "--rootdir",
            str(tmp_path),
            str(tmp_path),
            *args,
        ],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_outside_ci_every_skip_is_listed_with_its_reason(tmp_path):
    done = run_sample(tmp_path, SAMPLE, ci=False)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 3 skipped" in done.stdout
    for reason in ("no Neo4j server here", "no chromium here", "only on Windows"):
        assert reason in done.stdout  # the short summary of -ra


def test_with_ci_a_neo4j_or_browser_test_cannot_skip(tmp_path):
    done = run_sample(tmp_path, SAMPLE, ci=True)
    assert done.returncode == 1
    assert "CI=true: a neo4j test may not skip, and this one did (no Neo4j server here)" in done.stdout
    assert "CI=true: a browser test may not skip" in done.stdout
    assert "1 skipped" in done.stdout  # an ordinary skip with a reason is still allowed


def test_with_ci_deselecting_them_fails_the_run(tmp_path):
    done = run_sample(tmp_path, SAMPLE, True, "-m", "not neo4j")
    assert done.returncode == 3 and "the neo4j tests were deselected" in done.stdout + done.stderr


@pytest.mark.parametrize("skip", ["pytest.skip()", "pytest.skip('')"])
def test_a_skip_without_a_reason_fails(tmp_path, skip):
    done = run_sample(tmp_path, f"import pytest\n\ndef test_quiet():\n    {skip}\n", ci=False)
    assert done.returncode == 1 and "skipped without a reason" in done.stdout


def test_a_mark_skip_without_a_reason_fails(tmp_path):
    done = run_sample(tmp_path, "import pytest\n\n@pytest.mark.skip\ndef test_quiet():\n    pass\n", ci=False)
    assert done.returncode == 1 and "skipped without a reason" in done.stdout


def test_this_suite_loads_the_plugin(request):
    assert request.config.pluginmanager.has_plugin("ci_skips") or any(
        getattr(plugin, "pytest_deselected", None) is not None
        and "conftest" in getattr(plugin, "__name__", "")
        for plugin in request.config.pluginmanager.get_plugins()
    )
