"""Caches brought up to date after each write equal caches built whole (issue 20, point 1).

After a write, the graph cache and the topic index catch up on what it touched (the log of changes
the store's triggers keep, ``graphintro.changes``) instead of being rebuilt. A small team in real
export formats (the LinkedIn ZIPs of ``generate_team``, older exports of the same members, its group
list, an iCloud vCard and a Google Contacts CSV), and random sequences of what users do: import one
export, import the same file again, merge, split, rate a tie, forget someone, draft and close an ask.
After each step: the graph's arrays and the index's rows equal those of a build from nothing, and
``path`` and ``experts`` answer as they do on a copy of the store without caches.
"""

from __future__ import annotations

import itertools
import json
import random
import sqlite3
from pathlib import Path

import pytest

from graphintro import graph as graph_module
from graphintro.backends import topic_index
from graphintro.backends.topic_index import _documents_indexed, search_index
from graphintro.demo import generate_team
from graphintro.errors import GraphintroError
from graphintro.experts import find_experts
from graphintro.graph import load_graph
from graphintro.graph.build import _build as whole_build
from graphintro.graph.cache import _cache_path, _CacheFile
from graphintro.ingest import import_paths
from graphintro.paths import introductions
from graphintro.people import merge_people, split_person
from graphintro.privacy import forget_person
from graphintro.store import Store
from graphintro.strength import load_weights, rate_tie

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = (1, 2, 3)
STEPS = 14
ARRAYS = ("node_ids", "indptr", "indices", "strength", "direct", "real")
TIE_COLUMNS = ("float32", "float64", "bool", "bool")  # a tie's strength, logit, direct, real
TOPICS = ("cybersécurité", "achats")
ADDRESS_BOOKS = (
    FIXTURES / "formats" / "icloud_contacts.vcf",
    FIXTURES / "formats" / "google_contacts_classic.csv",
)


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """Four members, each with an older and a newer LinkedIn export; the group list."""
    return generate_team(tmp_path_factory.mktemp("team"), members=4, contacts=40, seed=5, history=True)


def _files(team) -> list[tuple[str, str, Path]]:
    """Every file a user imports: (owner, owner URL, file). Address books name no export date."""
    files = [(m.name, m.url, f) for m in team.members for f in m.files]
    files.append((team.members[0].name, team.members[0].url, team.groups_file))
    files.append(
        ("Léa Caron", "", FIXTURES / "formats" / "icloud_contacts.vcf")
    )  # a member without export dates
    files.append(
        (team.members[2].name, team.members[2].url, FIXTURES / "formats" / "google_contacts_classic.csv")
    )
    return files


class Builds:
    """Counts the whole builds of one store's graph (``graph.build._build``), so that a test knows it caught up
    instead."""

    def __init__(self, monkeypatch, db: Path) -> None:
        self.count = 0
        self.build = whole_build

        def counted(store, *args, **kwargs):
            self.count += store.path == db
            return self.build(store, *args, **kwargs)

        _set_everywhere(monkeypatch, "_build", counted)


def _set_everywhere(monkeypatch, name: str, value) -> None:
    """``name`` set to ``value`` in ``graphintro.graph`` and in each of its modules that binds it: a
    module reads the caps (and ``_build``) it imported from its own namespace."""
    import importlib
    import pkgutil

    modules = [graph_module] + [
        importlib.import_module(f"{graph_module.__name__}.{info.name}")
        for info in pkgutil.iter_modules(graph_module.__path__)
    ]
    bound = [module for module in modules if hasattr(module, name)]
    assert bound, f"no module of graphintro.graph holds {name}"
    for module in bound:
        monkeypatch.setattr(module, name, value)


def _cache_files(db: Path) -> dict[str, tuple[int, int]]:
    """Each cache file's inode and modification time: a rebuild replaces the file, a catch-up writes it."""
    found = {}
    for suffix in (".graph.npz", ".search.sqlite"):
        path = Path(f"{db}{suffix}")
        if path.exists():
            stat = path.stat()
            found[suffix] = (stat.st_ino, stat.st_mtime_ns)
    return found


def _answers(store: Store, questions: list[tuple[int, int]]) -> str:
    """What a user reads: ``path`` and ``experts`` (or their refusal), as JSON."""
    said = []
    for source, target in questions:
        try:
            said.append(introductions(store, source=f"#{source}", target=f"#{target}", k=3))
        except GraphintroError as error:
            said.append(str(error))
    for topic in TOPICS:
        try:
            said.append(find_experts(store, topic, n=5))
        except GraphintroError as error:
            said.append(str(error))
    return json.dumps(said, ensure_ascii=False, sort_keys=True)


def _without_caches(store: Store, folder: Path) -> Store:
    """A copy of the store (same ids, same identity) with no cache next to it."""
    folder.mkdir(exist_ok=True)
    copy = folder / f"fresh-{len(list(folder.iterdir()))}.db"
    target = sqlite3.connect(copy)
    store.conn.backup(target)
    target.close()
    return Store(copy)


def assert_caught_up(
    store: Store, builds: Builds, folder: Path, questions: list[tuple[int, int]], step: str
) -> None:
    """The caches as brought up to date equal a build from nothing; so do the answers."""
    import numpy as np

    served = _answers(store, questions)  # through the caches, brought up to date
    kept = load_graph(store)
    whole, _ = builds.build(store, load_weights())
    for name in ARRAYS:
        assert np.array_equal(getattr(kept, name), getattr(whole, name)), (
            f"{step}: graph array {name} differs"
        )
    assert kept.as_of == whole.as_of, step
    # what the cache keeps beside the arrays a question reads: each tie's cost and its logit (what a
    # later catch-up scores a tie again from)
    cached = _CacheFile.open(_cache_path(store))
    assert cached is not None, step
    assert np.array_equal(cached.array("cost"), whole.cost), f"{step}: the costs differ"
    assert np.array_equal(cached.array("logit"), whole.logit, equal_nan=True), f"{step}: the logits differ"
    index = search_index(store)
    try:
        served_index = _index_contents(index)
        # (what a catch-up weighs the people it re-indexes against, without reading every row)
        assert _documents_indexed(index) == len(served_index["docs"]), f"{step}: the index's count of people"
    finally:
        index.close()
    folder.mkdir(exist_ok=True)
    whole_index = folder / f"index-{len(list(folder.iterdir()))}.sqlite"
    topic_index._build_index(store, whole_index, "whole")
    built = sqlite3.connect(whole_index)
    try:
        for table, rows in _index_contents(built).items():
            assert served_index[table] == rows, f"{step}: the topic index's {table} differs"
    finally:
        built.close()
    with _without_caches(store, folder) as fresh:
        assert served == _answers(fresh, questions), f"{step}: answers differ from a store without caches"


def _index_contents(index: sqlite3.Connection) -> dict[str, list]:
    """What a topic index holds: each person's document, the sketches it keeps (with each value's
    type: a group's id stays a number) and the newest record it knows. (Not its generation: the writes
    that change no profile leave it as it was.)"""
    return {
        "docs": index.execute(
            "SELECT rowid, title, skills, groups, company FROM docs ORDER BY rowid"
        ).fetchall(),
        "kept": index.execute("SELECT person, records FROM kept ORDER BY person").fetchall(),
        "kept_values": index.execute(
            "SELECT person, field, typeof(value), value, count FROM kept_values ORDER BY person, field, value"
        ).fetchall(),
        "newest record": index.execute("SELECT value FROM meta WHERE key = 'newest_record'").fetchall(),
    }


def _questions(store: Store, rng: random.Random) -> list[tuple[int, int]]:
    """Three path questions: a member to someone outside the team."""
    members = [
        row[0]
        for row in store.conn.execute(
            "SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL ORDER BY id"
        )
    ]
    others = [
        row[0]
        for row in store.conn.execute(
            "SELECT id FROM people WHERE is_member = 0 AND merged_into IS NULL ORDER BY id"
        )
    ]
    return [(rng.choice(members), rng.choice(others)) for _ in range(3)] if members and others else []


def _live(store: Store, members: bool | None = None) -> list[int]:
    where = "" if members is None else f" AND is_member = {int(members)}"
    return [
        row[0]
        for row in store.conn.execute(f"SELECT id FROM people WHERE merged_into IS NULL{where} ORDER BY id")
    ]


def _step(store: Store, rng: random.Random, files: list, imported: list) -> tuple[str, bool]:
    """One random write; its name, and whether it must leave the caches as they are."""
    from graphintro.asks import close_ask, make_ask

    kinds = ["import"] * 4 + ["join", "again", "merge", "merge", "split", "rate", "rate", "forget", "ask"]
    kind = rng.choice(kinds if files else [k for k in kinds if k != "import"])
    if kind == "import":
        owner, url, path = files.pop(0) if rng.random() < 0.5 else files.pop(rng.randrange(len(files)))
        import_paths(store, [path], owner=owner, owner_url=url, owner_mismatch_ok=True)
        imported.append((owner, url, path))
        return f"import {path.name} for {owner}", False
    if kind == "join":  # someone the team knows joins it with an address book of strangers: the teammates'
        # mutual contacts between them no longer count the newcomer
        known = [
            row[0]
            for row in store.conn.execute(
                "SELECT p.name FROM people p JOIN records r ON r.person_id = p.id WHERE p.is_member = 0"
                " AND p.merged_into IS NULL AND r.owner_record_id IS NOT NULL GROUP BY p.id HAVING COUNT(*) > 1"
                " ORDER BY p.id"
            )
        ]
        if not known:
            return "join (nobody known twice)", True
        name, book = rng.choice(known), rng.choice(ADDRESS_BOOKS)
        import_paths(store, [book], owner=name)
        return f"{name} joins with {book.name}", False
    if kind == "again":
        owner, url, path = rng.choice(imported)
        import_paths(store, [path], owner=owner, owner_url=url, owner_mismatch_ok=True)
        return f"import {path.name} for {owner} again", True
    if (
        kind == "merge"
    ):  # two people, or a member and someone (a member's export owner moves: their contacts' ties)
        keep, absorb = (
            rng.sample(_live(store), 2)
            if rng.random() < 0.5
            else rng.sample(
                [rng.choice(_live(store, members=True)), rng.choice(_live(store, members=False))], 2
            )
        )
        merge_people(store, keep, absorb)
        return f"merge #{absorb} into #{keep}", False
    if kind == "split":
        merged = [row[0] for row in store.conn.execute("SELECT kept_id FROM merges WHERE undone_at IS NULL")]
        person = rng.choice(merged) if merged and rng.random() < 0.7 else rng.choice(_live(store))
        try:
            split_person(store, person)
        except GraphintroError:
            return f"split #{person} (nothing to split)", True
        return f"split #{person}", False
    if kind == "rate":
        a, b = rng.choice(_live(store, members=True)), rng.choice(_live(store))
        if a == b:
            return "rate (same person)", True
        rate_tie(store, a, b, rng.randint(1, 5))
        return f"rate #{a}–#{b}", False
    if kind == "forget":
        person = rng.choice(_live(store, members=False))
        forget_person(store, person)
        return f"forget #{person}", False
    member, target = rng.choice(_live(store, members=True)), rng.choice(_live(store, members=False))
    try:
        ask = make_ask(store, f"#{member}", f"#{target}", lang="fr")
    except GraphintroError:
        return f"ask #{member} → #{target} (no path)", True
    close_ask(store, ask["ask"]["id"], "introduced")
    return f"ask #{member} → #{target}, closed", True


@pytest.mark.parametrize(
    ("seed", "clique", "together", "kept"),
    [(seed, graph_module.TEAM_CLIQUE_MAX, None, 1) for seed in SEEDS]
    + [
        (4, 0, None, topic_index.KEPT_FROM),
        (5, 0, None, 1),
        (6, 0, 0, 3),
        (7, graph_module.TEAM_CLIQUE_MAX, 0, topic_index.KEPT_FROM),
        (8, graph_module.TEAM_CLIQUE_MAX, None, 2),
    ],
)
def test_caches_caught_up_after_random_writes_equal_a_whole_build(
    team, tmp_path, monkeypatch, seed, clique, together, kept
):
    """``clique`` 0: the team counts as a large one (teammates tied only where the exports link them,
    mutual counts between teammates leaving the team out), as at the benchmark's 1,000 members, and
    the caps of companies and groups are low enough for this small team to have some above them
    (of a group above the cap only hosts and active members are tied). ``together`` 0: the mutual
    contacts of every two teammates counted together, and each row searched on its own, as for the
    thousands of contacts of the members of 2,000 x 5,000 (``catchup._MutualCounts``). ``kept``: the
    topic index keeps the sketch of everyone with that many records (1: everyone), as it keeps the
    members' at 2,000 x 5,000, and adds what their new records say to it (``topic_index._grown``)."""
    from graphintro.graph import catchup

    monkeypatch.setattr(topic_index, "KEPT_FROM", kept)
    grown = _count_grown(monkeypatch)

    if together is not None:
        monkeypatch.setattr(catchup, "COUNTED_TOGETHER_FROM", together)
        monkeypatch.setattr(catchup, "SEARCHES_A_ROW", 1)
    _set_everywhere(monkeypatch, "TEAM_CLIQUE_MAX", clique)
    if clique == 0:
        _set_everywhere(monkeypatch, "INFERRED_GROUP_MAX", 4)
        _set_everywhere(monkeypatch, "INFERRED_COMPANY_MAX", 6)
    rng = random.Random(seed)
    files = _files(team)
    rng.shuffle(files)
    db = tmp_path / "team.db"
    builds = Builds(monkeypatch, db)
    with Store(db) as store:
        owner, url, path = files.pop(0)
        import_paths(store, [path], owner=owner, owner_url=url, owner_mismatch_ok=True)
        imported = [(owner, url, path)]
        questions = _questions(store, rng)
        assert_caught_up(store, builds, tmp_path / "fresh", questions, "first import")
        history = ["first import"]
        for _ in range(STEPS):
            before, count = _cache_files(db), builds.count
            step, unchanged = _step(store, rng, files, imported)
            history.append(step)
            questions = _questions(store, rng) or questions
            assert_caught_up(store, builds, tmp_path / "fresh", questions, " / ".join(history))
            if step.startswith("forget"):
                continue  # the caches went with the person (they held their data): built whole again
            assert builds.count == count, f"{step}: the graph was built whole instead of brought up to date"
            after = _cache_files(db)
            assert after[".search.sqlite"][0] == before[".search.sqlite"][0], (
                f"{step}: the topic index was rebuilt"
            )
            if unchanged:
                assert after == before, f"{step}: a write that changes no tie or profile touched the caches"
    if kept == 1:
        assert grown, "no sketch was brought up to date from new records alone"


def _count_grown(monkeypatch) -> list[int]:
    """The people whose sketch the topic index brings up to date from their new records alone."""
    grown: list[int] = []
    real = topic_index._grown

    def counted(*args):
        found = real(*args)
        grown.extend(found[0])
        return found

    monkeypatch.setattr(topic_index, "_grown", counted)
    return grown


def test_a_member_listed_by_a_new_export_gets_its_new_records_only(team, tmp_path, monkeypatch):
    """At 2,000 x 5,000 a one-member import lists hundreds of members with a thousand records each:
    the topic index keeps their sketch, and adds to it what the new records say (their title there,
    the endorsements the new member gave them), without reading their other records again. Here the
    teammates the second export lists, with everyone kept: they are not read whole, and the index
    equals one built whole, as do the answers."""
    monkeypatch.setattr(topic_index, "KEPT_FROM", 1)
    grown, read = _count_grown(monkeypatch), []
    real = topic_index._read_profiles

    def counted(store, people):
        read.extend(people)
        return real(store, people)

    monkeypatch.setattr(topic_index, "_read_profiles", counted)
    first, second = team.members[:2]
    db = tmp_path / "team.db"
    builds = Builds(monkeypatch, db)
    with Store(db) as store:
        import_paths(store, [first.files[-1]], owner=first.name, owner_url=first.url)
        assert_caught_up(store, builds, tmp_path / "fresh", [], "first import")
        del grown[:], read[:]
        import_paths(store, [second.files[-1]], owner=second.name, owner_url=second.url)
        listed = {
            row[0]
            for row in store.conn.execute(
                "SELECT r.person_id FROM records r JOIN records o ON o.id = r.owner_record_id"
                " JOIN people p ON p.id = o.person_id WHERE p.name = ?",
                (second.name,),
            )
        }
        search_index(store).close()
        known_before = listed & set(grown)
        assert len(known_before) >= 10, "the second export's people known from the first grew"
        assert not known_before & set(read), "a grown profile was read whole"
        assert_caught_up(store, builds, tmp_path / "fresh", _questions(store, random.Random(3)), "second")


def test_what_a_kept_person_s_new_record_lists_again_counts_as_a_whole_read_counts_it(
    team, tmp_path, monkeypatch
):
    """A new record of a kept person listing what an older one did: the skill counts again and so do
    the endorsements (a whole read counts each record's), the title, the company and the group once.
    An importer lists skills on an export's owner only, so the record is written here as a writer
    writes a record, in one transaction (the store's triggers log it)."""
    monkeypatch.setattr(topic_index, "KEPT_FROM", 1)
    grown = _count_grown(monkeypatch)
    member = team.members[0]
    db = tmp_path / "team.db"
    builds = Builds(monkeypatch, db)
    with Store(db) as store:
        import_paths(store, [member.files[-1]], owner=member.name, owner_url=member.url)
        assert_caught_up(store, builds, tmp_path / "fresh", [], "import")
        conn = store.conn
        own, person = conn.execute(
            "SELECT r.id, r.person_id FROM records r JOIN people p ON p.id = r.person_id"
            " WHERE p.name = ? AND r.owner_record_id IS NULL",
            (member.name,),
        ).fetchone()
        imported = conn.execute("SELECT MAX(id) FROM imports").fetchone()[0]
        skill = conn.execute("SELECT name FROM skills WHERE record_id = ? ORDER BY name", (own,)).fetchone()[
            0
        ]
        group = conn.execute("SELECT id FROM groups ORDER BY id").fetchone()[0]
        with store.transaction():
            conn.execute(
                "INSERT INTO memberships (group_id, record_id, import_id) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (group, own, imported),
            )
        assert_caught_up(store, builds, tmp_path / "fresh", [], "a group")
        del grown[:]
        with store.transaction():
            record = conn.execute(
                "INSERT INTO records (person_id, owner_record_id, kind, source, name, name_key, company,"
                " position, headline) SELECT person_id, ?, 'contact', source, name, name_key, company,"
                " position, headline FROM records WHERE id = ?",
                (own, own),
            ).lastrowid
            conn.execute("INSERT INTO skills VALUES (?, ?, ?)", (record, imported, skill))
            conn.execute(
                "INSERT INTO memberships (group_id, record_id, import_id) VALUES (?, ?, ?)",
                (group, record, imported),
            )
            for rank, direction in enumerate(("in", "out", "out")):  # ("in": owned by their own record)
                conn.execute(
                    "INSERT INTO interactions (record_id, import_id, kind, direction, detail, key)"
                    " VALUES (?, ?, 'endorsement', ?, ?, ?)",
                    (record, imported, direction, skill, f"{direction}|{skill}|{rank}"),
                )
        del grown[:]
        assert_caught_up(store, builds, tmp_path / "fresh", [], "a record listing it all again")
        assert person in grown, "the member's sketch was not brought up to date from the new record"
        index = search_index(store)
        try:
            counted = dict(
                index.execute(
                    "SELECT field, count FROM kept_values WHERE person = ? AND value = ? AND field IN (?, ?)",
                    (person, skill, topic_index._SKILL, topic_index._ENDORSED),
                )
            )
        finally:
            index.close()
        assert counted[topic_index._SKILL] == 2
        assert counted[topic_index._ENDORSED] >= 2
        # An endorsement received on an older record of the member's export (a newer export of theirs
        # says a contact endorsed them): the log names the record, whose owner is the member.
        contact = conn.execute(
            "SELECT id FROM records WHERE owner_record_id = ? AND id < ? ORDER BY id", (own, record)
        ).fetchone()[0]
        with store.transaction():
            conn.execute(
                "INSERT INTO interactions (record_id, import_id, kind, direction, detail, key)"
                " VALUES (?, ?, 'endorsement', 'in', ?, 'in|again')",
                (contact, imported, skill),
            )
        assert_caught_up(store, builds, tmp_path / "fresh", [], "an older record endorsing the member")


def test_a_cache_older_than_the_log_is_built_whole(tmp_path, team, monkeypatch):
    """A team's import written without the log (``import_team`` of many exports): the caches of the
    store before it cannot catch up, and are built whole, never served stale."""
    from graphintro.ingest import TeamExport, import_team

    db = tmp_path / "team.db"
    builds = Builds(monkeypatch, db)
    first, second = team.members[:2]
    with Store(db) as store:
        import_paths(store, [first.files[0]], owner=first.name, owner_url=first.url)
        assert_caught_up(store, builds, tmp_path / "fresh", [], "first import")
        index = Path(f"{db}.search.sqlite").stat().st_ino
        import_team(store, [TeamExport(second.name, second.files, second.url)], untracked=True)
        assert store.conn.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == 0
        assert_caught_up(
            store, builds, tmp_path / "fresh", _questions(store, random.Random(1)), "team import"
        )
        assert builds.count == 2
        assert Path(f"{db}.search.sqlite").stat().st_ino != index  # the index too was built whole
        import_paths(
            store, [second.files[0]], owner=second.name, owner_url=second.url
        )  # logged again after it
        assert store.conn.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == 0  # (the same file again)
        merge_people(store, *_live(store, members=False)[:2])
        assert_caught_up(store, builds, tmp_path / "fresh", _questions(store, random.Random(2)), "merge")
        assert builds.count == 2


def test_a_catch_up_finds_each_kept_tie_and_no_other(team, tmp_path):
    """What a catch-up reads of the graph it keeps (``catchup._KnownTies``): each tie's position in the
    arrays (where ``_rescored`` reads its logit) as the whole-array search finds it, and none for a
    pair without a tie or a person the graph does not hold, even one whose id falls between two it
    does, or after the last: such a pair rescored would be a tie that does not exist."""
    import numpy as np

    from graphintro.graph.arrays import _positions
    from graphintro.graph.catchup import _KnownTies

    member = team.members[0]
    with Store(tmp_path / "team.db") as store:
        import_paths(store, [member.files[-1]], owner=member.name, owner_url=member.url)
        others = _live(store, members=False)
        merge_people(store, others[0], others[len(others) // 2])  # (an id the graph no longer holds)
        graph = load_graph(store)
        known = _KnownTies(graph)
        ids = graph.node_ids.tolist()
        rows = np.repeat(np.arange(len(ids)), np.diff(graph.indptr))
        ties = [(ids[a], ids[b]) for a, b in zip(rows.tolist(), graph.indices.tolist(), strict=True)]
        assert known.positions(ties).tolist() == _positions(graph, ties).tolist()
        assert known.positions(ties).tolist() == list(range(len(ties)))
        assert known.are_real(ties) == graph.real.tolist()
        partners: dict[int, list[int]] = {}
        for a, b in ties:
            partners.setdefault(a, []).append(b)
        for person, found in partners.items():
            assert known.partner_ids(person).tolist() == sorted(found)
        # Ids the graph lacks: between two of its people, before the first, after the last.
        outside = {ids[0] - 1, ids[-1] + 1} | {a + 1 for a, b in itertools.pairwise(ids) if b > a + 1}
        assert len(outside) > 2
        for person in sorted(outside):
            assert known.index(person) is None
            assert known.real_of(person) == set() and not len(known.partner_ids(person))
            assert set(
                known.positions([(person, b) for b in ids[:5]] + [(b, person) for b in ids[:5]]).tolist()
            ) == {-1}
        # Two people of the graph without a tie between them.
        apart = [(a, b) for a in ids[:5] for b in ids[-5:] if (a, b) not in set(ties)]
        assert apart and set(known.positions(apart).tolist()) == {-1}
        assert known.are_real(apart) == [False] * len(apart)


@pytest.mark.parametrize("block", [1 << 20, 1, 7])
def test_a_splice_equals_the_whole_set_of_ties_packed(monkeypatch, block):
    """``arrays._splice`` (what a catch-up makes of the kept graph and the ties it redid) gives the
    arrays ``_pack`` makes of the same ties from nothing, and their costs: random graphs, random
    people reached (some the graph does not hold), ties redone apart from them, new ties to people
    the graph did not hold and people left without a tie (the rows renumbered), rated ties (a NaN
    logit). The arrays are merged a block of the old entries at a time (``_Merge.BLOCK``): blocks
    of one and seven entries make blocks whose entries all go, new entries at their edges."""
    import numpy as np

    from graphintro.graph.arrays import _Merge, _pack, _splice

    monkeypatch.setattr(_Merge, "BLOCK", block)

    def packed(ties: dict) -> object:
        keys = sorted(ties)
        column = [np.array([ties[k][i] for k in keys], dtype=t) for i, t in enumerate(TIE_COLUMNS)]
        ends = np.array(keys, dtype=np.int64).reshape(-1, 2)
        strength, logit, direct, real = column
        return _pack(ends[:, 0], ends[:, 1], strength, direct, real, 3, "2026-01-01", logit)

    def tie(rng: random.Random) -> tuple:
        logit = float("nan") if rng.random() < 0.2 else rng.uniform(-3, 3)
        return (rng.random(), logit, rng.random() < 0.5, rng.random() < 0.5)

    renumbered = emptied = 0
    for trial in range(400):
        rng = random.Random(trial)
        people = rng.sample(range(1, 120), rng.randint(2, 40))
        strangers = rng.sample(range(120, 160), 6)  # (people the graph does not hold)
        ties = {}
        for _ in range(rng.randint(0, 90)):
            a, b = sorted(rng.sample(people, 2))
            ties[(a, b)] = tie(rng)
        everyone = people + strangers
        reached = set(rng.sample(everyone, rng.randint(0, 6)))
        redone = {tuple(sorted(rng.sample(everyone, 2))) for _ in range(rng.randint(0, 6))}
        redone |= set(rng.sample(sorted(ties), min(len(ties), rng.randint(0, 5))))
        redone |= {key for key in ties if key[0] in reached or key[1] in reached}
        extra = {tuple(sorted((a, rng.choice(everyone)))) for a in reached for _ in range(3)}
        new = {key: tie(rng) for key in redone | extra if key[0] != key[1] and rng.random() < 0.6}
        expected = {key: value for key, value in ties.items() if key not in redone} | new
        edges = [(a, b, s, logit, d, r) for (a, b), (s, logit, d, r) in new.items()]
        rng.shuffle(edges)
        got = _splice(packed(ties), reached, redone, edges, 3, "2026-01-01")
        want = packed(expected)
        for name in (*ARRAYS, "logit", "cost"):
            mine, whole = getattr(got, name), getattr(want, name)
            assert mine.dtype == whole.dtype, (trial, name)
            assert np.array_equal(mine, whole, equal_nan=name == "logit"), (trial, name)
        renumbered += len(got.node_ids) != len(packed(ties).node_ids)
        emptied += bool(set(packed(ties).node_ids.tolist()) - set(got.node_ids.tolist()))
    assert renumbered > 50 and emptied > 50  # (the cases that renumber the columns were drawn)


@pytest.mark.parametrize(("together", "a_row"), [(64, 16), (0, 16), (0, 1), (10**9, 10**9)])
def test_mutual_counts_are_those_of_the_graph_after_the_changes(monkeypatch, together, a_row):
    """``catchup._MutualCounts`` (a catch-up's count of each tie's mutual contacts, on arrays) counts
    what the definition says of the graph once the changes are made: the people with a real tie to
    both ends, the other teammates left out between two teammates, up to ``MUTUAL_SATURATES``.
    Random graphs, random ties redone (some real now, some no longer, some new, to people the graph
    does not hold), each way of counting forced: members' contacts counted together or looked up,
    rows searched one at a time or all at once."""
    import numpy as np

    from graphintro.graph import catchup
    from graphintro.graph.arrays import _pack
    from graphintro.strength import MUTUAL_SATURATES

    monkeypatch.setattr(catchup, "COUNTED_TOGETHER_FROM", together)
    monkeypatch.setattr(catchup, "SEARCHES_A_ROW", a_row)
    together_counted = 0
    shared_by_members = catchup._MutualCounts._shared_by_members

    def counted_together(self, *args):
        nonlocal together_counted
        found = shared_by_members(self, *args)
        together_counted += found is not None
        return found

    monkeypatch.setattr(catchup._MutualCounts, "_shared_by_members", counted_together)
    saturated = 0
    for trial in range(300):
        rng = random.Random(trial)
        people = rng.sample(range(1, 200), rng.randint(3, 60))
        strangers = rng.sample(range(200, 240), 5)  # (people the graph does not hold)
        members = set(rng.sample(people + strangers, rng.randint(0, min(12, len(people)))))
        hubs = rng.sample(people, 2)  # (two people tied to most: counts that saturate)
        ties = {tuple(sorted((h, p))): rng.random() < 0.9 for h in hubs for p in people if p != h}
        for _ in range(rng.randint(0, 400)):
            a, b = sorted(rng.sample(people, 2))
            ties[(a, b)] = rng.random() < 0.7  # (real, or one inferred from a context)
        keys = sorted(ties)
        ends = np.array(keys, dtype=np.int64).reshape(-1, 2)
        real = np.array([ties[k] for k in keys], dtype=bool)
        graph = _pack(ends[:, 0], ends[:, 1], np.ones(len(keys), np.float32), real, real, 1, "", None)
        everyone = people + strangers
        redone = set(rng.sample(keys, min(len(keys), rng.randint(0, 40))))
        redone |= {tuple(sorted(rng.sample(everyone, 2))) for _ in range(rng.randint(0, 30))}
        after = {k: v for k, v in ties.items() if k not in redone}
        after |= {k: rng.random() < 0.6 for k in redone}
        now_real: dict[int, set[int]] = {}
        for (a, b), is_real in after.items():
            if is_real and (a, b) in redone:
                now_real.setdefault(a, set()).add(b)
                now_real.setdefault(b, set()).add(a)
        contacts = {p: set() for p in everyone}
        for (a, b), is_real in after.items():
            if is_real:
                contacts[a].add(b)
                contacts[b].add(a)
        asked = sorted(after) + [tuple(sorted(rng.sample(everyone, 2))) for _ in range(10)]
        want = []
        for a, b in asked:
            shared = contacts[a] & contacts[b]
            if a in members and b in members:
                shared -= members
            want.append(min(len(shared), MUTUAL_SATURATES))
        got = catchup._MutualCounts(catchup._KnownTies(graph), redone, now_real, members).of(asked)
        assert got == want, trial
        saturated += MUTUAL_SATURATES in want
    assert saturated > 50
    if together == 0:
        assert together_counted > 100  # (the members' contacts were counted together)


def test_mutual_counts_refuse_ids_their_keys_cannot_hold():
    """The counts key a pair by its lower id shifted 32 bits, or'ed with the higher: an id from 2**31
    on (in the ties asked, the graph or the ties redone) would make two pairs one key and a count
    wrong, so ``of`` answers None and ``update_graph`` builds the graph whole instead."""
    import numpy as np

    from graphintro.graph import catchup
    from graphintro.graph.arrays import _pack

    big = 2**31
    ones = np.ones(2, dtype=np.float32)
    real = np.ones(2, dtype=bool)

    def counts(ends, redone, asked):
        ends = np.array(ends, dtype=np.int64)
        graph = _pack(ends[:, 0], ends[:, 1], ones, real, real, 1, "", None)
        return catchup._MutualCounts(catchup._KnownTies(graph), redone, {}, set()).of(asked)

    assert counts([(1, 2), (2, 3)], {(5, 6)}, [(1, 3)]) == [1]
    assert counts([(1, 2), (2, 3)], {(5, 6)}, [(1, big)]) is None
    assert counts([(1, 2), (2, big)], {(5, 6)}, [(1, 3)]) is None
    assert counts([(1, 2), (2, 3)], {(5, 6), (5, big + 7)}, [(1, 3)]) is None


def test_a_catch_up_counts_mutual_contacts_as_far_as_the_strength_tells_them_apart():
    """A catch-up counts a tie's mutual contacts up to ``MUTUAL_SATURATES`` only (two members share
    thousands): the strength formula must give the same term for that many and for any more, and
    a different one for one fewer, or caught-up strengths would differ from a whole build's."""
    from graphintro.graph import catchup
    from graphintro.strength import DEFAULT_WEIGHTS, MUTUAL_SATURATES, mutual_term

    assert catchup.MUTUAL_SATURATES is MUTUAL_SATURATES  # (one constant, the formula's)

    cap = mutual_term(MUTUAL_SATURATES, DEFAULT_WEIGHTS)
    assert all(mutual_term(m, DEFAULT_WEIGHTS) == cap for m in range(MUTUAL_SATURATES, 5000))
    assert mutual_term(MUTUAL_SATURATES - 1, DEFAULT_WEIGHTS) < cap
