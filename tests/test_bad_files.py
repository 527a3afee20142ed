"""Bad input gets one clear line naming the file, exit code 2, and leaves the store exactly as it was."""

from pathlib import Path

import pytest
from store_rows import dump

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "linkedin" / "connections_2022.csv"
BAD = {
    "garbage.bin": "garbage.bin",
    "empty.csv": "empty.csv",
    "unknown_headers.csv": "unknown_headers.csv",
    "truncated.zip": "truncated.zip",
    "undecidable.csv": "undecidable.csv",
    "connections_bad_row.csv": "connections_bad_row.csv:8",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_exits_2_with_one_line_and_changes_nothing(cli, name):
    assert cli("import", GOOD, "--owner", "Marc Petit").exit_code == 0
    before = dump(cli.db)
    other = FIXTURES / "linkedin" / "connections_2024.csv"
    result = cli("import", other, FIXTURES / "bad" / name, GOOD, "--owner", "Marc Petit")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and BAD[name] in lines[0], result.output
    assert "Traceback" not in result.output
    assert dump(cli.db) == before


def test_debug_shows_the_traceback(runner, tmp_path):
    from graphintro.cli import app

    result = runner.invoke(
        app,
        [
            "--db",
            str(tmp_path / "x.db"),
            "--debug",
            "import",
            str(FIXTURES / "bad" / "empty.csv"),
            "--owner",
            "Me",
        ],
    )
    assert result.exit_code != 0 and result.exception is not None


def test_a_header_only_connections_file_imports_nobody(cli):
    result = cli("import", FIXTURES / "bad" / "header_only_connections.csv", "--owner", "Me", "--json")
    assert result.exit_code == 0, result.output
    assert '"contacts": 0' in result.output
