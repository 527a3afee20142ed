"""What the commands print when the user meets a limit or closes the pipe early (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphintro.cli import app


def test_people_says_when_it_stops_at_its_limit(runner, demo_db):
    everyone = json.loads(
        runner.invoke(app, ["--db", str(demo_db), "people", "--json", "-n", "100000"]).output
    )
    total = everyone["total"]
    assert total == len(everyone["people"]) > 50 and everyone["truncated"] is False

    cut = json.loads(runner.invoke(app, ["--db", str(demo_db), "people", "--json"]).output)
    assert len(cut["people"]) == 50 and cut["total"] == total and cut["truncated"] is True

    shown = runner.invoke(app, ["--db", str(demo_db), "people"])
    assert shown.exit_code == 0
    assert f"50 of {total} (-n to see more)" in shown.output

    fewer = runner.invoke(app, ["--db", str(demo_db), "people", "-n", "3"])
    assert f"3 of {total} (-n to see more)" in fewer.output


def test_people_under_the_limit_says_nothing_more(runner, demo_db):
    members = json.loads(
        runner.invoke(app, ["--db", str(demo_db), "people", "--json", "-n", "100000"]).output
    )
    one = next(p for p in members["people"] if p["member"])
    found = json.loads(runner.invoke(app, ["--db", str(demo_db), "people", one["name"], "--json"]).output)
    assert found["total"] == len(found["people"]) >= 1 and found["truncated"] is False
    shown = runner.invoke(app, ["--db", str(demo_db), "people", one["name"]])
    assert "see more" not in shown.output


# -- a closed pipe (point 15): real pipes, real processes --------------------------------------------


def _graphintro(*args: str) -> list[str]:
    import sys

    return [sys.executable, "-c", "from graphintro.cli import main; main()", *args]


def _run_into_closed_pipe(*args: str):
    """Run graphintro with its standard output on a pipe whose reader is already gone: every write
    meets EPIPE, as when ``head -1`` has read its line and exited."""
    import os
    import subprocess

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            _graphintro(*args), check=False, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=300
        )
    finally:
        os.close(write_end)


def test_import_into_a_closed_pipe_commits_quietly_with_exit_0(tmp_path):
    from graphintro.store import Store

    db = tmp_path / "piped.db"
    connections = Path(__file__).parent / "fixtures" / "linkedin" / "connections_2024.csv"
    done = _run_into_closed_pipe("--db", str(db), "import", str(connections), "--owner", "Marc Petit")
    assert (done.returncode, done.stderr) == (0, "")
    with Store(db, must_exist=True) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 1


@pytest.mark.parametrize(
    "args", [["stats"], ["score"], ["score", "--json"], ["people"], ["report", "--format", "md"]]
)
def test_queries_into_a_closed_pipe_end_quietly_with_exit_0(demo_db, args):
    done = _run_into_closed_pipe("--db", str(demo_db), *args)
    assert (done.returncode, done.stderr) == (0, "")


def test_report_into_a_closed_pipe_still_stores_its_snapshot(demo_db):
    from graphintro.store import Store

    def snapshots() -> int:
        with Store(demo_db, must_exist=True) as store:
            return store.conn.execute("SELECT COUNT(DISTINCT taken_at) FROM snapshots").fetchone()[0]

    before = snapshots()
    assert _run_into_closed_pipe("--db", str(demo_db), "report", "--format", "md").returncode == 0
    assert snapshots() == before + 1


def test_output_cut_by_head_ends_quietly_with_exit_0(demo_db):
    import subprocess

    producer = subprocess.Popen(
        _graphintro("--db", str(demo_db), "people", "-n", "100000"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    head = subprocess.run(["head", "-1"], check=True, stdin=producer.stdout, capture_output=True, timeout=120)
    producer.stdout.close()
    errors = producer.stderr.read().decode()
    producer.stderr.close()
    assert (producer.wait(timeout=120), errors) == (0, "")
    assert head.stdout.decode().split() == ["id", "name", "company", "position", "seen", "in"]


# -- the human import summary (point 13) ----------------------------------------------------------------


def test_import_summary_lists_the_files_read(runner, tmp_path):
    export = Path(__file__).parent / "fixtures" / "quality" / "lea" / "Complete_LinkedInDataExport_11-02-2026"
    result = runner.invoke(
        app, ["--db", str(tmp_path / "s.db"), "import", str(export), "--owner", "Léa Fournier"]
    )
    assert result.exit_code == 0, result.output
    read = next(line for line in result.output.splitlines() if line.startswith("  read "))
    assert read.startswith("  read 4 files: ")
    assert set(read.split(": ", 1)[1].split(", ")) == {
        "Connections.csv",
        "messages.csv",
        "Invitations.csv",
        "Positions.csv",
    }


def test_import_summary_says_which_messages_were_left_out():
    from graphintro.ingest import FileSummary, ImportSummary
    from graphintro.render import render_import

    item = FileSummary(
        path="export.zip",
        format="linkedin",
        status="imported",
        files=["messages.csv"],
        messages_left_out={"sponsored": 4, "drafts": 2, "anonymous": 21, "empty_sender": 1, "spam": 0},
    )
    lines: list[str] = []
    render_import(ImportSummary(1, "Léa Fournier", [item]), lines.append)
    assert lines[-1] == (
        "  left out 28 messages, not ties: 4 sponsored, 2 drafts, 21 with an anonymous member"
        " (a private or deleted account), 1 with no sender"
    )
    item.messages_left_out = {}
    lines.clear()
    render_import(ImportSummary(1, "Léa Fournier", [item]), lines.append)
    assert not any("left out" in line for line in lines)
