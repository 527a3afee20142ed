"""``python -m graphintro``: the ``graphintro`` command, as ``python -m graphintro.cli`` runs it."""

from graphintro.cli import main

main()
