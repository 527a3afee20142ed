"""The examples in the docstrings of pure helpers are run: an example that no longer holds fails."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "graphintro.demo.writers.linkedin",
    "graphintro.demo.writers.table",
    "graphintro.demo.writers.vcard",
    "graphintro.identity.keys",
    "graphintro.importers.dates",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
