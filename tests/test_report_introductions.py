"""The report's introductions (issue 19): asks per introducer, waiting for an answer, and the
calibration chart, in HTML, Markdown and JSON; --redact hides the people outside the team."""

from __future__ import annotations

import json
import re
import sqlite3

from test_inbox import inbox_team  # noqa: F401  (the fixture: Marc leaves Julien and Thibault waiting)


def report(cli, *args):
    result = cli("report", *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_report_shows_asks_waiting_and_calibration(inbox_team, tmp_path):  # noqa: F811
    cli = inbox_team
    asked = json.loads(cli("ask", "Léa Girard", "Sophie Bernard", "--json").output)["ask"]
    assert asked["introducer"]["name"] == "Marc Petit"
    data = json.loads(report(cli, "--format", "json"))
    [marc] = data["asks"]
    assert marc["introducer"]["name"] == "Marc Petit" and (marc["asks"], marc["open"], marc["happened"]) == (
        1,
        1,
        0,
    )
    [waiting] = data["waiting"]
    assert waiting["member"]["name"] == "Marc Petit"
    assert (waiting["message"], waiting["invitation"], waiting["ask"]) == (1, 1, 1)
    assert waiting["oldest"][0]["contact"]["name"] == "Julien Moreau"
    assert data["calibration"]["closed_asks"] == 0
    assert cli("asks", "done", asked["id"], "introduced").exit_code == 0
    data = json.loads(report(cli, "--format", "json"))
    assert data["asks"][0]["happened"] == 1 and data["calibration"]["closed_asks"] == 1
    assert data["calibration"]["deciles"][int(asked["probability"] * 10)]["introduced"] == 1
    html = report(cli, "--format", "html")
    section = html[html.index('id="introductions"') : html.index('id="method"')]
    assert "Marc Petit" in section and "Julien Moreau" in section and "Thibault Mercier" in section
    assert "<svg" in section and "class='chart calibration'" in section
    assert re.search(r"<rect [^>]*><title>\d+%–\d+%: 1 of 1 asks happened", section)
    assert 'id="calibration-summary"' in section and "1 closed asks, 1 introductions happened" in section
    markdown = report(cli, "--format", "md")
    introductions = markdown[markdown.index("## Introductions") : markdown.index("## How the score")]
    assert "Marc Petit: 1 asks, 0 open, 1 happened" in introductions
    assert "Julien Moreau (" in introductions and "| asks | happened |" in introductions


def test_redacted_report_hides_the_contacts_waiting_and_the_targets(inbox_team):  # noqa: F811
    cli = inbox_team
    json.loads(cli("ask", "Léa Girard", "Sophie Bernard", "--json").output)
    with sqlite3.connect(cli.db) as conn:  # a note on an ask is personal data too
        conn.execute("UPDATE asks SET note = 'Sophie Bernard prefers Tuesdays'")
    for fmt in ("json", "md", "html"):
        text = report(cli, "--format", fmt, "--redact")
        for name in ("Julien Moreau", "Thibault Mercier", "Sophie Bernard", "Tuesdays"):
            assert name not in text, (fmt, name)
        assert "Marc Petit" in text  # the team keeps its names
    data = json.loads(report(cli, "--format", "json", "--redact"))
    assert data["waiting"][0]["oldest"][0]["contact"]["name"] == "J. M."
