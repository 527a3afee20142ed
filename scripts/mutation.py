#!/usr/bin/env python3
"""Mutation testing of graphintro: do the tests catch the bugs they exist for? (see TESTING.md)

Two modes, both working on a copy of the repository in a temporary folder (the checkout is never
touched, so it can run while you edit):

``python scripts/mutation.py planted [NAME...]``
    The bugs of issue 17 that once passed the whole suite, planted one at a time: each must now make
    its tests fail. Quick (about two minutes for all of them); run it after changing a test they name.

``python scripts/mutation.py run MODULE [--children 1] [--tests PATH...] [--sample N] [--mutants NAME...]``
    mutmut (3.x) over one module (``strength``, ``identity``, ``importers`` or one parser, ``importers.small``,
    ``paths``, ``experts``, ``quality``) with that module's fast test selection; prints killed / survived / no tests and the
    surviving mutants, and keeps the mutmut folder for ``mutmut show NAME`` when ``--keep`` is given.
    Slow (minutes to an hour per module): not part of CI. The machine is shared: ``--children 1``.
    ``--sample N`` tests N mutants drawn at random (``--seed``) instead of all of them, and
    ``--mutants`` only the named ones (``*`` allowed: ``'graphintro.identity.similar.x_plausibly*'``), for
    re-checking survivors after a change.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Planted:
    """A bug a user would notice: ``old`` replaced by ``new`` in ``file``; ``tests`` must then fail."""

    name: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]


PLANTED = [
    Planted(
        "strength ignores recency",
        "graphintro/strength.py",
        'z += w["recency"] * math.exp(-since / w["recency_days"])',
        "pass",
        ("tests/test_strength.py",),
    ),
    Planted(
        "strength ignores recommendations",
        "graphintro/strength.py",
        'z += w["recommendation"] * bool(features.recommendations)',
        "pass",
        ("tests/test_strength.py",),
    ),
    Planted(
        "message intensity saturates at 5 messages",
        "graphintro/strength.py",
        "math.log1p(features.messages) / math.log1p(50)",
        "math.log1p(features.messages) / math.log1p(5)",
        ("tests/test_strength.py",),
    ),
    Planted(
        "Excel NA cells kept as values",
        "graphintro/importers/tabular.py",
        'if not value or (len(value) <= 4 and (value.lower() in EMPTY_VALUES or value == "\\ufeff")):',
        "if not value:",
        ("tests/test_fixture_manifest.py",),
    ),
    Planted(
        "draft messages counted",
        "graphintro/importers/linkedin/messages.py",
        'if row.get("draft", "").lower() in {"yes", "true", "1"}:\n            left_out["drafts"] += 1',
        'if False:\n            left_out["drafts"] += 1',
        ("tests/test_fixture_manifest.py",),
    ),
    Planted(
        "sponsored InMail counted as a tie",
        "graphintro/importers/linkedin/messages.py",
        "if _is_anonymous(sender, sender_url):  # nobody: never a person, never a tie",
        "if False:  # nobody: never a person, never a tie",
        ("tests/test_fixture_manifest.py",),
    ),
    Planted(
        "fr.linkedin.com URLs not normalised",
        "graphintro/identity/keys.py",
        r'_LINKEDIN_HOST = re.compile(r"^(?:[a-z]{2,3}\.|www\.|m\.)?linkedin\.com$")',
        r'_LINKEDIN_HOST = re.compile(r"^(?:www\.|m\.)?linkedin\.com$")',
        ("tests/test_fixture_manifest.py",),
    ),
    Planted(
        "--map ignored",
        "graphintro/cli/imports.py",
        "mapping = parse_mapping(map)",
        "mapping = parse_mapping(map) and None",
        ("tests/test_fixture_manifest.py",),
    ),
    Planted(
        "experts --sort ignored",
        "graphintro/cli/questions.py",
        "exclude_team=exclude_team, sort=sort\n",
        'exclude_team=exclude_team, sort="relevance"\n',
        ("tests/test_cli_experts.py",),
    ),
    Planted(
        "experts --from ignored",
        "graphintro/cli/questions.py",
        "topic, source=source, n=n, company=company",
        "topic, source=None, n=n, company=company",
        ("tests/test_cli_experts.py",),
    ),
    Planted(
        "experts -n ignored",
        "graphintro/cli/questions.py",
        "topic, source=source, n=n, company=company",
        "topic, source=source, n=10, company=company",
        ("tests/test_cli_experts.py",),
    ),
    Planted(
        "score --targets ignored",
        "graphintro/cli/quality.py",
        "scores = workspace.score(targets=wanted, owner=owner)",
        "scores = workspace.score(targets=None, owner=owner)",
        ("tests/test_cli_score.py::test_score_targets_add_relevance_to_the_member_who_reaches_the_target",),
    ),
    Planted(
        "diversity not weighted by strength",
        "graphintro/quality.py",
        "shannon_entropy(chosen, weights)",
        "shannon_entropy(chosen)",
        (
            "tests/test_quality.py::test_entropy_and_diversity_by_hand",
            "tests/test_quality.py::test_diversity_weighs_each_strong_tie_by_its_strength",
        ),
    ),
    Planted(
        "key-person share always 0",
        "graphintro/quality.py",
        'details["key_person_share"] = round(float((holders[reached] == 1).mean()), 4) if len(reached) else 0.0',
        'details["key_person_share"] = 0.0',
        ("tests/test_cli_score.py::test_key_person_share_is_the_share_of_the_reach_only_one_member_holds",),
    ),
    Planted(
        "reach limited to one hop",
        "graphintro/team_network.py",
        "return np.unique(np.concatenate([first, second]))",
        "return np.unique(first)",
        ("tests/test_quality.py::test_reach_goes_two_hops_through_a_strong_contact",),
    ),
    # idx20's P3: it passed every test until the test named here (issue 17's loose ends).
    Planted(
        "a new profile closes other people of the same name to the URL shortcut",
        "graphintro/identity/matcher.py",
        "    if isinstance(ids, int):\n        if ids == person_id:\n            del ids_by[key]",
        "    if isinstance(ids, int):\n        del ids_by[key]",
        (
            "tests/test_identity.py::"
            "test_a_namesake_of_her_maiden_name_at_her_new_company_stays_open_to_a_typo_with_a_profile",
        ),
    ),
]

# Each module's mutants and the tests that should catch them (fast ones: no browser, no Neo4j).
IMPORTER_TESTS = [
    "tests/test_fixture_manifest.py",
    "tests/test_bad_files.py",
    "tests/test_real_export_formats.py",
]
MODULES: dict[str, tuple[list[str], list[str]]] = {
    # With the graph's column-at-a-time scoring checked against the formula (test_caches.py's property test).
    "strength": (["graphintro/strength.py"], ["tests/test_strength.py", "tests/test_caches.py"]),
    "identity": (
        ["graphintro/identity/*"],
        [
            "tests/test_identity.py",
            "tests/test_team_identity.py",
            "tests/test_export_owner.py",
            "tests/test_people_apart.py",
            "tests/test_member_names.py",
            "tests/test_team_import.py",  # a team imported whole, in slices and with its index dropped
        ],
    ),
    "importers": (["graphintro/importers/*"], IMPORTER_TESTS),
    # One parser at a time (a module of the whole package costs an hour here): the same fixture tests.
    # The LinkedIn subpackage (export, owner, connections, messages, invitations, endorsements, profile).
    "importers.linkedin": (["graphintro/importers/linkedin/*"], ["tests/test_linkedin.py", *IMPORTER_TESTS]),
    "importers.addressbook": (
        ["graphintro/importers/addressbook.py"],
        [*IMPORTER_TESTS, "tests/test_addressbook.py"],
    ),
    "importers.vcard": (["graphintro/importers/vcard.py"], [*IMPORTER_TESTS, "tests/test_vcard.py"]),
    # Reading and decoding, shared by every CSV parser (and the vCard reader's decoding).
    "importers.tabular": (
        ["graphintro/importers/tabular.py"],
        [
            *IMPORTER_TESTS,
            "tests/test_tabular.py",
            "tests/test_addressbook.py",
            "tests/test_vcard.py",
            "tests/test_groups_import.py",  # with test_dates.py: each date column's order, from its sheet
            "tests/test_dates.py",
        ],
    ),
    # The small modules every parser shares: group lists, dates, an export's files (ZIP, folder) and the
    # rows handed to the store; with their own tests, those importing group lists (the team's), LinkedIn's
    # dates, the dates' examples and the ZIP bomb.
    "importers.small": (
        [
            "graphintro/importers/groups.py",
            "graphintro/importers/dates.py",
            "graphintro/importers/sources.py",
            "graphintro/importers/model.py",
        ],
        [
            *IMPORTER_TESTS,
            "tests/test_groups_import.py",
            "tests/test_dates.py",
            "tests/test_tabular.py",  # with the archive's refusals (sources)
            "tests/test_linkedin.py",
            "tests/test_team_import.py",
            "tests/test_export_owner.py",  # an export's owner found from its files (sources, model)
            "tests/test_doctests.py",
            "tests/test_fuzz.py::test_zip_bomb_is_refused_before_it_is_read",
        ],
    ),
    # With the answers' tests on the demo team (the demo is built once per mutant: ~10 s more).
    "paths": (
        ["graphintro/paths.py", "graphintro/path_search.py"],
        [
            "tests/test_paths.py",
            "tests/test_path_answers.py",
            "tests/test_introducers.py",
            "tests/test_cli_path.py",
        ],
    ),
    "experts": (
        ["graphintro/experts.py", "graphintro/topics.py"],
        ["tests/test_experts.py", "tests/test_cli_experts.py"],
    ),
    # Without the two property tests on generated stores (minutes each), deselected by name so that
    # no other test is hidden: the hand-checked components, and the scores of members whose exports
    # lack something (a small team imported once per run).
    "quality": (
        ["graphintro/quality.py"],
        [
            "tests/test_quality.py",
            "tests/test_score_exports.py",
            "--deselect",
            "tests/test_quality.py::test_many_weak_redundant_contacts_do_not_raise_the_score",
            "--deselect",
            "tests/test_quality.py::test_one_strong_diverse_bridging_tie_raises_the_score",
        ],
    ),
}


# mutmut runs the clean tests in its own process, then forks it for each mutant: the children inherit
# every ``lru_cache`` the clean run filled, and a function reached only through a cached one (dates'
# ``_numeric_datetime`` under ``parse_datetime``) answers from the unmutated code: its mutants "survive".
# Appended to the copy's conftest: each mutant's tests start with the package's caches empty.
FRESH_CACHES = """

def pytest_sessionstart(session):
    \"\"\"Added by scripts/mutation.py: empty the package's caches that a forked run inherited.\"\"\"
    import sys

    for name, module in list(sys.modules.items()):
        if name == "graphintro" or name.startswith("graphintro."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
"""


def copy_repository(into: Path) -> None:
    """The package, the tests and the project file: what the tests need, nothing of the user's."""
    for name in ("graphintro", "tests"):
        shutil.copytree(ROOT / name, into / name, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    shutil.copy(ROOT / "pyproject.toml", into / "pyproject.toml")


def run_tests(copy: Path, tests: tuple[str, ...]) -> subprocess.CompletedProcess:
    """The tests, importing the copy's package (first on the path, before the installed checkout)."""
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "-m",
            "not neo4j and not browser",
            *tests,
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def planted(names: list[str]) -> int:
    """Plant each bug in a fresh copy; report whether its tests caught it."""
    chosen = [p for p in PLANTED if not names or p.name in names]
    escaped = 0
    for bug in chosen:
        with tempfile.TemporaryDirectory(prefix="graphintro-planted-") as folder:
            copy = Path(folder)
            copy_repository(copy)
            target = copy / bug.file
            text = target.read_text(encoding="utf-8")
            if text.count(bug.old) != 1:
                print(f"CANNOT PLANT  {bug.name}: the code it changes moved ({bug.file}); update PLANTED")
                escaped += 1
                continue
            target.write_text(text.replace(bug.old, bug.new), encoding="utf-8")
            result = run_tests(copy, bug.tests)
        # A planted bug that breaks the code outright is not the bug it names: that counts as escaped.
        caught = result.returncode == 1 and "SyntaxError" not in result.stdout + result.stderr
        if result.returncode not in (0, 1):
            print(result.stdout[-2000:], result.stderr[-2000:])
        failed = [line.split(" ")[1] for line in result.stdout.splitlines() if line.startswith("FAILED ")]
        print(f"{'caught ' if caught else 'ESCAPED'}  {bug.name}" + (f"  by {failed[0]}" if failed else ""))
        escaped += not caught
    print(f"{len(chosen) - escaped} of {len(chosen)} planted bugs caught")
    return 1 if escaped else 0


def mutant_states(mutmut: Path, folder: Path) -> dict[str, str]:
    """Every mutant of the copy and its state (killed, survived, no tests, not checked...)."""
    listing = subprocess.run(
        [str(mutmut), "results", "--all", "true"], cwd=folder, capture_output=True, text=True, check=False
    ).stdout
    return dict(line.strip().rsplit(": ", 1) for line in listing.splitlines() if ": " in line)


def mutate(
    module: str,
    children: int,
    tests: list[str] | None,
    keep: bool,
    sample: int | None = None,
    seed: int = 17,
    names: list[str] | None = None,
) -> int:
    """mutmut over one module in a copy (all its mutants, a random sample, or the named ones)."""
    files, default_tests = MODULES[module]
    folder = Path(tempfile.mkdtemp(prefix=f"graphintro-mutmut-{module}-"))
    copy_repository(folder)
    with (folder / "tests" / "conftest.py").open("a", encoding="utf-8") as conftest:
        conftest.write(FRESH_CACHES)
    config = {
        "source_paths": ["graphintro"],
        "only_mutate": files,
        "pytest_add_cli_args_test_selection": tests or default_tests,
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-m", "not neo4j and not browser"],
    }
    with (folder / "pyproject.toml").open("a", encoding="utf-8") as project:
        project.write(
            "\n[tool.mutmut]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in config.items())
        )
    mutmut = Path(sys.executable).with_name("mutmut")
    log = folder / "mutmut.log"
    print(
        f"mutmut over {', '.join(files)} with {' '.join(config['pytest_add_cli_args_test_selection'])}"
        f" in {folder} (log: {log})",
        flush=True,
    )
    run = [str(mutmut), "run", "--max-children", str(children)]
    with log.open("w") as output:
        if sample or names:
            # A first pass that matches no mutant generates them all and times the tests.
            subprocess.run(
                [*run, "graphintro.none-such"],
                cwd=folder,
                stdout=output,
                stderr=subprocess.STDOUT,
                check=False,
            )
            chosen = names or sorted(
                random.Random(seed).sample(sorted(mutant_states(mutmut, folder)), sample)
            )
            print(
                f"{len(chosen)} mutants chosen" + (f" at random (seed {seed})" if sample else ""), flush=True
            )
            subprocess.run([*run, *chosen], cwd=folder, stdout=output, stderr=subprocess.STDOUT, check=False)
        else:
            subprocess.run(run, cwd=folder, stdout=output, stderr=subprocess.STDOUT, check=False)
    if sample or names:
        states = mutant_states(mutmut, folder)
        picked = [name for name in states if states[name] != "not checked"]
        counts = {state: sum(states[name] == state for name in picked) for state in set(states.values())}
        reached = len(picked) - counts.get("no tests", 0)
        print(json.dumps(counts))
        print(
            f"{module}: {len(picked)} of {len(states)} mutants tested, {counts.get('killed', 0)} killed,"
            f" {counts.get('survived', 0)} survived, {counts.get('no tests', 0)} reached by no selected test;"
            f" killed {100 * counts.get('killed', 0) / max(reached, 1):.1f} % of the reached,"
            f" {100 * counts.get('killed', 0) / max(len(picked), 1):.1f} % of those tested"
        )
        for name in picked:
            if states[name] not in ("killed", "no tests"):
                print(f"  {states[name]}: {name}")
        if keep:
            print(f"kept: cd {folder} && {mutmut} show NAME")
        else:
            shutil.rmtree(folder, ignore_errors=True)
        return 0
    subprocess.run([str(mutmut), "export-cicd-stats"], cwd=folder, capture_output=True, check=False)
    stats_file = folder / "mutants" / "mutmut-cicd-stats.json"
    if not stats_file.exists():
        print(f"mutmut did not finish: see {log}")
        return 2
    stats = json.loads(stats_file.read_text())
    survivors = subprocess.run(
        [str(mutmut), "results"], cwd=folder, capture_output=True, text=True, check=False
    ).stdout
    survived = [line.strip() for line in survivors.splitlines() if line.strip().endswith(": survived")]
    tested = stats["killed"] + stats["survived"] + stats["timeout"] + stats["suspicious"]
    print(json.dumps(stats))
    print(
        f"{module}: {stats['total']} mutants, {stats['killed']} killed, {stats['survived']} survived,"
        f" {stats['no_tests']} reached by no selected test, {stats['timeout']} timed out;"
        f" killed {100 * stats['killed'] / max(tested, 1):.1f} % of the mutants the tests reach,"
        f" {100 * stats['killed'] / max(stats['total'], 1):.1f} % of all"
    )
    for line in survived:
        print("  survived:", line.removesuffix(": survived"))
    if keep:
        print(f"kept: cd {folder} && {mutmut} show NAME")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    plant = commands.add_parser(
        "planted", help="plant the bugs of issue 17 one at a time; each must be caught"
    )
    plant.add_argument("names", nargs="*", help="only these (names as listed by --list)")
    plant.add_argument("--list", action="store_true")
    run = commands.add_parser("run", help="mutmut over one module")
    run.add_argument("module", choices=sorted(MODULES))
    run.add_argument(
        "--children", type=int, default=1, help="parallel test processes (the machine is shared)"
    )
    run.add_argument("--tests", nargs="*", help="test files to run instead of the module's selection")
    run.add_argument("--keep", action="store_true", help="keep the mutmut folder to inspect survivors")
    run.add_argument("--sample", type=int, help="test this many mutants drawn at random, not all of them")
    run.add_argument("--seed", type=int, default=17, help="of the random sample")
    run.add_argument(
        "--mutants", nargs="*", help="test only these mutants (names as mutmut lists them, * allowed)"
    )
    args = parser.parse_args()
    if args.command == "planted":
        if args.list:
            print("\n".join(p.name for p in PLANTED))
            return 0
        return planted(args.names)
    return mutate(args.module, args.children, args.tests, args.keep, args.sample, args.seed, args.mutants)


if __name__ == "__main__":
    sys.exit(main())
