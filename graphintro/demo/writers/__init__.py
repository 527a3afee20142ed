"""The export formats, written: one writer per format, shared by the demo and the test fixtures.

``table`` writes any delimited file (separator, line ending, quoting, BOM and encoding exactly as
asked), ``linkedin`` the files of a LinkedIn data export (the "Notes:" preamble, the headers of each
year, the date formats, the archive), ``vcard`` vCard 2.1 properties in quoted-printable. The
synthetic team (``graphintro.demo``) and ``tests/fixtures/make_fixtures.py`` both write through
them, so a format's bytes are decided in one place. The facts behind each choice are in
``docs/formats.md``.
"""
