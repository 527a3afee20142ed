#!/usr/bin/env python3
"""A longer fuzz run of the importers than the test suite's: ``python scripts/fuzz.py --examples 5000``.

Two parts. Hostile bytes (tests/test_fuzz.py's properties: import, or refuse with a one-line error
naming the file, store unchanged, ZIP members never written anywhere). Then valid-looking exports of
every kind and generation, intact or damaged (tests/test_fuzz_exports.py's properties: rows =
contacts + skipped, messages counted, re-import changes nothing), with the share of examples that
import, of contact spreadsheets that yield contacts and of messages files that yield messages,
printed per kind (``--exports N`` examples per kind; ``--only-exports`` skips the first part).
Findings are printed by hypothesis with the smallest failing input; fix them and add them as
regression tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per input kind")
    parser.add_argument("--exports", type=int, default=300, help="valid-looking exports per kind")
    parser.add_argument("--only-exports", action="store_true", help="skip the hostile bytes")
    args = parser.parse_args()
    failures = 0 if args.only_exports else hostile_bytes(args.examples)
    failures += export_rates(args.exports)
    return 1 if failures else 0


def hostile_bytes(examples: int) -> int:
    """Hostile bytes of every input kind: import or a clean refusal."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from strategies import csv_files, vcard_files, zip_files
    from test_fuzz import import_or_refuse

    config = settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    kinds = {
        "csv": (csv_files(), "input.csv"),
        "vcard": (vcard_files(), "cards.vcf"),
        "zip": (zip_files(), "export.zip"),
        "bytes": (st.binary(max_size=2000), "blob.csv"),
    }

    def property_for(strategy, name):
        @config
        @given(data=strategy)
        def run(data):
            with tempfile.TemporaryDirectory() as folder:
                import_or_refuse(Path(folder), name, data)

        return run

    failures = 0
    for kind, (strategy, name) in kinds.items():
        try:
            property_for(strategy, name)()
            print(f"{kind}: {examples} examples, no finding")
        except Exception as error:  # noqa: BLE001 — a finding is any exception: hypothesis re-raises it
            failures += 1
            print(f"{kind}: FINDING: {type(error).__name__}: {error}")
    return failures


def export_rates(examples: int) -> int:
    """Each kind of export, intact or damaged: the properties, and how much of it imports."""
    from collections import Counter

    from export_strategies import CSV_KINDS, KINDS, exports
    from hypothesis import HealthCheck, settings
    from test_fuzz_exports import rates, run_examples

    config = settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    failures, everything = 0, []
    print(
        f"{'kind':<14} {'examples':>8} {'imported':>9} {'intact':>7} {'damaged':>8} {'with rows':>10} {'messages':>9}"
    )
    for kind in KINDS:
        try:
            outcomes = run_examples(exports((kind,)), config)
        except Exception as error:  # noqa: BLE001 — a finding is any exception: hypothesis re-raises it
            failures += 1
            print(f"{kind}: FINDING: {type(error).__name__}: {error}")
            continue
        everything += outcomes
        intact = [o for o in outcomes if o.intact]
        damaged = [o for o in outcomes if not o.intact]

        def share(part: list, whole: list) -> str:
            return f"{100 * len(part) / len(whole):.0f} %" if whole else "-"

        print(
            f"{kind:<14} {len(outcomes):>8} {share([o for o in outcomes if o.imported], outcomes):>9}"
            f" {share([o for o in intact if o.imported], intact):>7} {share([o for o in damaged if o.imported], damaged):>8}"
            f" {share([o for o in outcomes if o.contacts], outcomes):>10}"
            f" {share([o for o in outcomes if o.messages], outcomes):>9}"
        )
        refusals = Counter(o.error for o in outcomes if not o.imported).most_common(3)
        for reason, count in refusals:
            print(f"{'':<14} refused {count}: {reason}")
    total = rates(everything)
    csv_share = rates([o for o in everything if o.kind in CSV_KINDS])["csv_with_contacts"]
    print(
        f"all kinds: {100 * total['imported']:.0f} % imported; contact spreadsheets yielding contacts:"
        f" {100 * csv_share:.0f} %; messages files yielding messages: {100 * total['messages_with_messages']:.0f} %"
    )
    return failures


if __name__ == "__main__":
    sys.exit(main())
