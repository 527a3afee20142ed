"""The fixture generator and the demo share their writers (``graphintro.demo.writers``): a change to
a writer must not change a committed fixture by accident. The generator, run in a folder of its own,
rewrites every committed file under ``tests/fixtures/`` byte for byte."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_generator_rewrites_the_committed_fixtures_byte_for_byte(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "make_fixtures.py", tmp_path)
    subprocess.run([sys.executable, str(tmp_path / "make_fixtures.py")], check=True, capture_output=True)
    written, committed = _files(tmp_path), _files(FIXTURES)
    assert sorted(written.keys() - committed.keys()) == [], "generated but not committed"
    assert sorted(committed.keys() - written.keys()) == [], "committed but no longer generated"
    assert [name for name in sorted(written) if written[name] != committed[name]] == []
