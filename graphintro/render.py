"""Human-readable renderings shared by the CLI and the demo (``--json`` prints the data itself)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from graphintro.answers import (
    AccountsResult,
    AskResult,
    CalibrationResult,
    ExpertsAnswer,
    InboxResult,
    LoadNote,
    PathAnswer,
    Suggestion,
)
from graphintro.quality import TeamScores

Echo = Callable[[str], None]


def person_line(person: Mapping[str, Any]) -> str:
    """ "Zoé Fontaine (Directrice des achats, Aéroline Systèmes)": a person of a path, an expert, a
    connector, an account's person (any mapping with a name, a position and a company)."""
    job = ", ".join(x for x in (person.get("position"), person.get("company")) if x)
    return person["name"] + (f" ({job})" if job else "")


@functools.singledispatch
def render_answer(answer: object, echo: Echo) -> None:
    """The terminal rendering of a typed answer (``graphintro.answers``, ``quality.TeamScores``):
    one renderer per type, registered below; ``--json`` prints the answer's ``to_dict()`` instead."""
    raise TypeError(f"no renderer for {type(answer).__name__}")


@render_answer.register
def render_paths(answer: PathAnswer, echo: Echo) -> None:
    """Each path hop by hop: people, link strength and evidence, probability and the first ask; first,
    the introducers spared because they are over their ask budget, and why; last, when the best
    answer is weak, how to create a better one."""
    render_load_notes(answer.load or [], echo)
    for rank, path in enumerate(answer.paths, start=1):
        hops = path["hops"]
        model = f" (model {path['raw_probability']:.0%})" if "raw_probability" in path else ""
        echo(
            f"{rank}. probability {path['probability']:.0%}{model}, {hops} hop{'s' * (hops > 1)} — {path['ask']}"
        )
        for person, link in zip(path["people"], path["links"] + [None], strict=False):
            echo(f"   {person_line(person)}")
            if link:
                evidence = "; ".join(link["evidence"]) or "no evidence but the link itself"
                echo(f"     │ {link['strength']:.2f}: {evidence}")
        weakest = path.get("weakest_link")
        if weakest and hops > 1:
            echo(
                f"   weakest link: {weakest['from']['name']} – {weakest['to']['name']} ({weakest['strength']:.2f})"
            )
        load = path.get("load")
        if load:
            echo(
                "   load: "
                + (
                    load.get("note")
                    or f"{path['introducer']['name']} has {load['open_asks']} open"
                    f" ask{'s' * (load['open_asks'] != 1)}, {load['recent_asks']} in the last 30 days"
                    + (" (over budget)" if load["over_budget"] else "")
                )
            )
        echo("")
    if answer.suggestions:
        echo("Only weak answers; to create a better one:")
        render_suggestions(answer.suggestions, echo, indent="  ")


def render_load_notes(notes: list[LoadNote], echo: Echo) -> None:
    """ "Ranked lower: David Nguyen has 2 open asks; next best introducer: Kevin Lambert"."""
    from graphintro.output import terminal_text

    for note in notes:
        echo(terminal_text(f"Ranked lower: {note['note']}"))
    if notes:
        echo("")


@render_answer.register
def render_experts(answer: ExpertsAnswer, echo: Echo) -> None:
    """Teammates who know the topic first (no introduction needed), then a ranked list of outside
    experts: who, why (the evidence that matched), and the first ask of the way to them; then the
    topic's connectors (near it, not experts of it) and hubs."""
    team = answer.team
    if team:
        echo("In your team:")
        for mate in team:
            echo(f"  - {person_line(mate)} — {'; '.join(mate['evidence'][:2])}")
    echo(
        f"Experts on '{answer.topic}':"
        if answer.experts
        else f"No expert on '{answer.topic}' outside the team."
    )
    for rank, expert in enumerate(answer.experts, start=1):
        echo(f"{rank:>2}. {person_line(expert)} — score {expert['score']:.2f}")
        echo(f"     why: {'; '.join(expert['evidence'])}")
        path = expert["path"]
        if path:
            echo(f"     how: {path['ask']} (probability {path['probability']:.0%})")
        else:
            echo(
                "     how: "
                + ("in the team" if expert.get("member") else "no introduction path within 4 hops")
            )
    if answer.connectors:
        echo(
            "Connectors (near the topic, not experts of it): "
            + "; ".join(f"{person_line(c)} — {', '.join(c['evidence'][:1])}" for c in answer.connectors)
        )
    if answer.groups:
        echo(
            "Hubs of the topic: " + "; ".join(f"{g['name']} ({g['members']} members)" for g in answer.groups)
        )


def write_experts_csv(answer: ExpertsAnswer, path) -> None:
    """A sheet recruiters open in Excel: UTF-8 with BOM, one expert a row, the first ask spelled out.

    Every cell goes through ``csv_row``: a name starting with ``=`` is text in the sheet, not a formula.
    """
    import csv
    import os

    from graphintro.output import csv_row

    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            csv_row(
                [
                    "rank",
                    "name",
                    "position",
                    "company",
                    "score",
                    "evidence",
                    "first ask",
                    "path probability",
                    "profile id",
                ]
            )
        )
        for rank, expert in enumerate(answer.experts, start=1):
            path = expert["path"]
            writer.writerow(
                csv_row(
                    [
                        rank,
                        expert["name"],
                        expert["position"],
                        expert["company"],
                        expert["score"],
                        "; ".join(expert["evidence"]),
                        path["ask"] if path else "",
                        f"{path['probability']:.3f}" if path else "",
                        expert["id"],
                    ]
                )
            )


def render_ask(result: AskResult, echo: Echo) -> None:
    """The recorded ask: who asks whom, then the two drafts, ready to copy (names from exports are
    hostile: every line goes through ``terminal_text``)."""
    from graphintro.output import terminal_text

    ask = result["ask"]
    via = (
        f" (through your teammate {ask['teammate']['name']})"
        if ask["teammate"] and ask["teammate"]["id"] != ask["introducer"]["id"]
        else ""
    )
    echo(
        terminal_text(
            f"Ask #{ask['id']}: {ask['requester']['name']} → {ask['introducer']['name']}{via} → "
            f"{ask['target']['name']} (probability {ask['path']['probability']:.0%}), recorded as open."
        )
    )
    echo("")
    render_load_notes(result.get("load") or [], echo)
    echo(
        terminal_text(f"To {ask['introducer']['name']} ({len(ask['message']['to_introducer'])} characters):")
    )
    echo(terminal_text(ask["message"]["to_introducer"]))
    echo("")
    echo(terminal_text(f"To forward to {ask['target']['name']}:"))
    echo(terminal_text(ask["message"]["forwardable"]))
    echo("")
    echo(
        f"graphintro drafts, you send. Then: graphintro asks done {ask['id']} introduced|declined|no-reply|met|won"
    )


def render_asks(result: dict, echo: Echo) -> None:
    """One ask a line: number, who asked whom for whom, when, and its outcome or the follow-up due."""
    from graphintro.output import terminal_text

    if not result["asks"]:
        echo("no asks")
        return
    follow_up = set(result["follow_up"])
    for ask in result["asks"]:
        state = (
            f"{ask['outcome']} on {ask['closed'][:10]}"
            if ask["status"] == "closed"
            else f"open, follow up (over {result['follow_up_days']} days)"
            if ask["id"] in follow_up
            else "open"
        )
        echo(
            terminal_text(
                f"#{ask['id']} {ask['created'][:10]} {ask['requester']['name']} → "
                f"{ask['introducer']['name']} → {ask['target']['name']} "
                f"({ask['probability']:.0%}): {state}"
            )
        )


def render_suggestions(suggestions: list[Suggestion], echo: Echo, indent: str = "") -> None:
    """What to do to create a path, best first, with the estimated gain."""
    for rank, suggestion in enumerate(suggestions, start=1):
        echo(f"{indent}{rank}. {suggestion['detail']} (gain +{suggestion['gain']:.0%})")


def render_accounts(result: AccountsResult, echo: Echo) -> None:
    """One block per account, best covered first: coverage, owners, the best answers, suggestions."""
    for rank, account in enumerate(result["accounts"], start=1):
        owners = ", ".join(f"{o['name']} ({o['people']})" for o in account["owners"]) or "nobody"
        flag = " — single-threaded" if account["single_threaded"] else ""
        echo(
            f"{rank}. {account['company']}: coverage {account['coverage']:.0%}, {account['people_known']} people known,"
            f" {account['decision_makers']} decision makers{flag}"
        )
        echo(f"   owners: {owners}")
        for answer in account["answers"]:
            echo(
                f"   → {person_line(answer['people'][-1])}: {answer['ask']} (probability {answer['probability']:.0%})"
            )
            if answer.get("spared"):
                echo(f"     ranked lower: {answer['spared']['note']}")
        if not account["answers"]:
            echo("   no introduction path")
        if account["suggestions"]:
            echo("   to do:")
            render_suggestions(account["suggestions"], echo, indent="     ")
        echo("")


def write_accounts_csv(result: AccountsResult, path) -> None:
    """One account a row (UTF-8 with BOM, for Excel): coverage, owners, the best answer, the first suggestion.
    Every cell goes through ``csv_row`` (a company or name starting with ``=`` stays text)."""
    import csv
    import os

    from graphintro.output import csv_row

    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            csv_row(
                [
                    "rank",
                    "company",
                    "coverage",
                    "people known",
                    "decision makers",
                    "owners",
                    "single-threaded",
                    "best introduction",
                    "probability",
                    "first suggestion",
                ]
            )
        )
        for rank, account in enumerate(result["accounts"], start=1):
            best = account["answers"][0] if account["answers"] else None
            row = [
                rank,
                account["company"],
                f"{account['coverage']:.4f}",
                account["people_known"],
                account["decision_makers"],
                "; ".join(o["name"] for o in account["owners"]),
                "yes" if account["single_threaded"] else "no",
                best["ask"] if best else "",
                f"{best['probability']:.3f}" if best else "",
                account["suggestions"][0]["detail"] if account["suggestions"] else "",
            ]
            writer.writerow(csv_row(row))


def render_inbox(result: InboxResult, echo: Echo, days: int = 7, limit: int | None = None) -> None:
    """Member by member, what waits for an answer, the longest waiting first (at most ``limit`` lines
    per member, then how many more)."""
    from graphintro.output import terminal_text

    if not result["inbox"]:
        echo(f"nothing waiting for an answer (over {days} days)")
        return
    what = {
        "message": "message from {contact}, unanswered",
        "invitation": "invitation from {contact}, pending",
        "ask": "asked to introduce {contact}",
    }
    member, shown, count = None, 0, 0
    for item in result["inbox"] + [None]:
        if item is None or item["member"]["id"] != member:
            if limit is not None and count > shown:
                echo(f"  … and {count - shown} more")
            if item is None:
                break
            member, shown = item["member"]["id"], 0
            count = sum(1 for i in result["inbox"] if i["member"]["id"] == member)
            echo(terminal_text(f"{item['member']['name']}: {count} waiting"))
        if limit is not None and shown >= limit:
            continue
        shown += 1
        echo(
            terminal_text(
                "  "
                + what[item["kind"]].format(contact=item["contact"]["name"])
                + f" for {item['days']} day{'s' * (item['days'] != 1)} (since {item['since'][:10]})"
            )
        )


def render_calibration(result: CalibrationResult, echo: Echo) -> None:
    """The deciles of predicted probability against what happened, then the ECE and whether paths
    are calibrated yet."""
    table = result["calibration"]
    echo(
        f"{table['closed_asks']} closed asks, {table['introduced']} introductions happened"
        f" (cancelled asks are not counted)"
    )
    echo("predicted   asks  happened  observed  mean predicted")
    for decile in table["deciles"]:
        observed = f"{decile['observed']:.0%}" if decile["observed"] is not None else "-"
        predicted = f"{decile['predicted']:.0%}" if decile["predicted"] is not None else "-"
        echo(
            f"{decile['from']:.0%}–{decile['to']:.0%}".ljust(11)
            + f"{decile['asks']:>5}  {decile['introduced']:>8}  {observed:>8}  {predicted:>14}"
        )
    if table["ece"] is not None:
        echo(f"calibration error (ECE): {table['ece']:.3f}")
    if table["active"]:
        echo(
            f"paths show calibrated probabilities (slope {table['slope']:.2f}, intercept {table['intercept']:+.2f};"
            f" ECE after calibration {table['calibrated_ece']:.3f}); path --json keeps raw_probability"
        )
    else:
        echo(f"paths show the model's probabilities: calibration starts at {table['min_asks']} closed asks")


# How the import summary names the messages it left out (``messages_left_out``), by reason.
LEFT_OUT = {
    "sponsored": "sponsored",
    "drafts": "drafts",
    "anonymous": "with an anonymous member (a private or deleted account)",
    "empty_sender": "with no sender",
}


# How the import summary names the rows it skipped, by reason (others are quoted as they are:
# a vCard's undecodable photo names its own line).
SKIPPED = {
    "no name": "without a name",
    "no group": "without a group",
    "forgotten person": "of forgotten people",
}


def _by_reason(skipped: list[dict]) -> dict[str, list[dict]]:
    """The skipped rows grouped by their reason, in the order the reasons first come."""
    groups: dict[str, list[dict]] = {}
    for row in skipped:
        groups.setdefault(row["reason"], []).append(row)
    return groups


def render_import(summary, echo) -> None:
    """The human import summary: per path, what it added, the files read and skipped, and the rows
    and messages left out, so that nothing is dropped without a word."""
    for item in summary.files:
        if item.status != "imported":
            echo(f"{item.path}: already imported for {summary.owner}, nothing changed")
            continue
        echo(
            f"{item.path} ({item.format}) for {summary.owner}: {item.contacts} contacts, {item.new_people} new people,"
            f" {item.merged} matched existing people, {item.updated} updated, {item.ended} ended,"
            f" {item.interactions} interactions, {item.memberships} group memberships"
        )
        if item.files:
            names = [_where({"file": name, "line": None}) for name in item.files]
            echo(f"  read {len(names)} file{'s' * (len(names) > 1)}: {', '.join(names)}")
        for reason, rows in _by_reason(item.skipped).items():
            lines = ", ".join(f"{s['file'].rsplit(':', 1)[-1]}:{s['line']}" for s in rows[:10])
            more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
            what = SKIPPED.get(reason, f"({reason})")
            echo(f"  skipped {len(rows)} row{'s' * (len(rows) > 1)} {what}: {lines}{more}")
        if item.unknown_files:
            echo(f"  ignored {len(item.unknown_files)} unknown files: {', '.join(item.unknown_files)}")
        for problem in item.skipped_files:
            echo(f"  skipped file {_where(problem)}: {problem['reason']} (the rest of the export imported)")
        for problem in item.warnings:
            echo(f"  warning: {_where(problem)}: {problem['reason']}")
        left_out = {reason: count for reason, count in (item.messages_left_out or {}).items() if count}
        if left_out:
            parts = [
                f"{count} {LEFT_OUT.get(reason, reason.replace('_', ' '))}"
                for reason, count in left_out.items()
            ]
            total = sum(left_out.values())
            echo(f"  left out {total} message{'s' * (total > 1)}, not ties: {', '.join(parts)}")


def _where(problem: dict) -> str:
    """``Skills.csv:1``: a file of an export by its own name, and the line when one is known."""
    name = problem["file"].replace("\\", "/").rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    return f"{name}:{problem['line']}" if problem.get("line") else name


@render_answer.register
def _render_team_scores(answer: TeamScores, echo: Echo) -> None:
    from graphintro.report.text import render_scores

    render_scores(answer.to_dict(), echo)
