"""The code stays ruff-clean (STYLE.md): a lint finding fails the suite like a failing test."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ruff() -> str:
    """The ruff of this environment (the version pyproject.toml pins), else the one on the PATH."""
    beside = Path(sys.executable).with_name("ruff")
    return str(beside) if beside.exists() else (shutil.which("ruff") or "ruff")


def test_ruff_finds_nothing():
    result = subprocess.run(
        [_ruff(), "check", "graphintro", "tests", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted():
    """``ruff format`` ([tool.ruff.format]) leaves every file as it is: run it before committing
    (the pre-commit hook does)."""
    result = subprocess.run(
        [_ruff(), "format", "--check", "graphintro", "tests", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    """The package type-checks (``[tool.mypy]`` in pyproject.toml): a wrong type fails the suite like a
    failing test. Fix what it reports, or annotate; an ``ignore`` needs its reason beside it."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
