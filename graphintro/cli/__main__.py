"""``python -m graphintro.cli``: the ``graphintro`` command."""

from graphintro.cli import main

main()
