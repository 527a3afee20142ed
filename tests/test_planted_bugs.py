"""The planted bugs of ``scripts/mutation.py planted`` still find the code they change.

Each planted bug is a text substitution in a copy of the repository. When the code it targets is
reworded (a refactor, the formatter), the substitution silently matches nothing and the bug can no
longer be planted: the script would report it, but only when someone runs it (minutes). This test
fails at once, naming the bug to update in ``PLANTED``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _mutation_script():
    spec = importlib.util.spec_from_file_location(
        "graphintro_mutation_script", ROOT / "scripts" / "mutation.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


PLANTED = _mutation_script().PLANTED


@pytest.mark.parametrize("bug", PLANTED, ids=[bug.name for bug in PLANTED])
def test_each_planted_bug_changes_exactly_one_place(bug):
    text = (ROOT / bug.file).read_text(encoding="utf-8")
    assert text.count(bug.old) == 1, f"'{bug.name}': its text is no longer once in {bug.file}; update PLANTED"
    assert bug.old != bug.new
