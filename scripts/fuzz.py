#!/usr/bin/env python3
"""A longer fuzz run of the importers than the test suite's: ``python scripts/fuzz.py --examples 5000``.

Same properties as tests/test_fuzz.py (import, or refuse with a one-line error naming the file,
store unchanged, ZIP members never written anywhere), many more generated files. Findings are
printed by hypothesis with the smallest failing input; fix them and add them as regression tests.
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
    args = parser.parse_args()

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from strategies import csv_files, vcard_files, zip_files
    from test_fuzz import import_or_refuse

    config = settings(max_examples=args.examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
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
            print(f"{kind}: {args.examples} examples, no finding")
        except Exception as error:  # noqa: BLE001 — a finding is any exception: hypothesis re-raises it
            failures += 1
            print(f"{kind}: FINDING: {type(error).__name__}: {error}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
