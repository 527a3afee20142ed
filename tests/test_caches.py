"""Caches that belong to their store: the graph cache and the topic index never answer for another store.

Both files live next to the database (``<db>.graph.npz``, ``<db>.search.sqlite``) and outlive it:
a user who deletes the database and imports other exports gets a new store whose generation
counts up from the same start. The caches must see that it is another store.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_rows import copy_store

from graphintro.cli import app
from graphintro.demo import generate_team
from graphintro.ingest import import_team
from graphintro.privacy import remove_caches
from graphintro.store import Store
from graphintro.strength import DEFAULT_WEIGHTS, TieFeatures


def _import(db: Path, folder: Path, seed: int) -> tuple[dict, int]:
    """A small synthetic team of ``seed`` imported into ``db``; its planted names and the store's generation."""
    team = generate_team(folder, members=3, contacts=80, seed=seed, history=True)
    with Store(db) as store:
        import_team(store, team.exports())
        return team.planted, store.generation


def _answers(runner, db: Path, planted: dict) -> dict:
    """What a user sees: ``path`` and ``experts`` as JSON."""
    answers = {}
    for name, args in (
        ("path", ["path", planted["user"], planted["target"], "-k", "3"]),
        ("experts", ["experts", planted["topic"], "-n", "5"]),
    ):
        result = runner.invoke(app, ["--db", str(db), *args, "--json"])
        assert result.exit_code in (0, 1), result.output
        answers[name] = result.output
    return answers


def _delete_store(db: Path) -> None:
    """What a user does by hand: the database goes, the files next to it stay."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def test_a_recreated_store_at_the_same_generation_gets_fresh_answers(runner, tmp_path):
    db = tmp_path / "team.db"
    first, first_generation = _import(db, tmp_path / "first", seed=7)
    old = _answers(runner, db, first)  # builds both caches
    assert Path(f"{db}.graph.npz").exists() and Path(f"{db}.search.sqlite").exists()

    _delete_store(db)
    second, second_generation = _import(db, tmp_path / "second", seed=11)
    assert second_generation == first_generation  # the case the generation alone cannot tell apart
    served = _answers(runner, db, second)  # with the first store's caches still on disk

    remove_caches(db)
    fresh = _answers(runner, db, second)  # built from this store alone
    assert served == fresh
    assert json.loads(fresh["path"]) != json.loads(old["path"])  # the two stores do answer differently


@pytest.fixture
def fresh_config():
    """The config is read once per process (``lru_cache``), and the CLI runner shares the test's
    process: forget it before and after, so that no other test sees this one's synonyms."""
    from graphintro import experts, strength, topics

    def clear() -> None:
        for module in (experts, strength, topics):
            for value in vars(module).values():
                if hasattr(value, "cache_clear"):
                    value.cache_clear()

    clear()
    yield clear
    clear()


def test_caches_are_rebuilt_when_the_configuration_changes(runner, tmp_path, monkeypatch, fresh_config):
    """The strength weights and the synonyms shape the caches: a new config file gives new answers."""
    db = tmp_path / "team.db"
    planted, _ = _import(db, tmp_path / "team", seed=7)
    config = tmp_path / "config.toml"
    monkeypatch.setenv("GRAPHINTRO_CONFIG", str(config))
    before = _answers(runner, db, planted)
    config.write_text(
        '[strength]\nconnected_base = 0.5\n[synonyms]\nzzgadget = ["' + planted["topic"] + '"]\n',
        encoding="utf-8",
    )
    fresh_config()
    served = _answers(runner, db, planted)
    remove_caches(db)
    fresh = _answers(runner, db, planted)
    assert served == fresh
    assert served["path"] != before["path"]


def test_every_store_has_its_own_identity(tmp_path):
    with Store(tmp_path / "a.db") as a, Store(tmp_path / "b.db") as b:
        assert a.identity != b.identity and len(a.identity) >= 32
        kept = a.identity
    with Store(tmp_path / "a.db") as again:
        assert again.identity == kept


@pytest.mark.parametrize("with_neo4j_id", [False, True])
def test_an_older_store_gets_an_identity_by_migration(tmp_path, with_neo4j_id):
    """A store made before identities (schema 2) gets one when opened; a Neo4j sync's id is kept."""
    import sqlite3

    from graphintro.store import MIGRATIONS, _statements

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:2], start=1):
        for statement in _statements(script):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number}")
    if with_neo4j_id:
        conn.execute("INSERT INTO meta VALUES ('store_id', 'synced-before')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        if with_neo4j_id:
            assert store.identity == "synced-before"
        else:
            assert len(store.identity) == 32 and store.identity != "synced-before"


def test_a_migration_that_only_adds_an_index_keeps_the_caches(demo_db, monkeypatch):
    """Upgrading graphintro must not cost a rebuild of the graph and the topic index (a minute at
    1,000 × 1,000) when its migration changes no data: the generation stays, the caches are served.
    A migration of that kind is appended to a real store's list, as the next release would."""
    from graphintro import store as store_module
    from graphintro.graph import load_graph
    from graphintro.store import INDEX_MIGRATIONS, MIGRATIONS, _statements

    assert all(
        statement.startswith(("CREATE INDEX ", "DROP INDEX "))  # (an index rebuilt: dropped, then made)
        for number in INDEX_MIGRATIONS
        for statement in _statements(MIGRATIONS[number - 1])
    )
    with Store(demo_db) as store:
        load_graph(store)
        generation, cache = store.generation, demo_db.with_name(demo_db.name + ".graph.npz")
    built = cache.stat().st_mtime_ns
    monkeypatch.setattr(
        store_module, "MIGRATIONS", [*MIGRATIONS, "CREATE INDEX people_headline ON people(headline);"]
    )
    monkeypatch.setattr(store_module, "INDEX_MIGRATIONS", {*INDEX_MIGRATIONS, len(MIGRATIONS) + 1})
    with Store(demo_db) as store:
        assert store.schema_version == len(MIGRATIONS) + 1 and store.generation == generation
        load_graph(store)
    assert cache.stat().st_mtime_ns == built


# The whole build scores every tie a column at a time (``strength.tie_logits``); the cache must hold,
# bit for bit, what the formula gives tie by tie (``tie_logit``): every answer rests on these numbers.
WEIGHT_SETS = {
    "default": {},
    "every weight moved": {
        "connected_base": -1.3,
        "inferred_base": -2.9,
        "duration": 1.7,
        "messages": 2.3,
        "reciprocity": 0.9,
        "recency": 0.7,
        "endorsements": 0.45,
        "recommendation": 1.3,
        "invitation_note": 0.25,
        "shared_employer": 0.6,
        "teammates": 1.4,
        "shared_groups": 0.35,
        "mutual": 1.1,
        "recency_days": 97.0,
    },
}


@pytest.mark.parametrize("moved", WEIGHT_SETS, ids=list(WEIGHT_SETS))
def test_the_graph_holds_each_ties_strength_as_the_formula_gives_it(demo_db, moved):
    import numpy as np

    from graphintro.graph import collect_ties
    from graphintro.graph.build import _build, _scored
    from graphintro.member_exports import member_dates, tie_reference
    from graphintro.strength import DEFAULT_WEIGHTS, rate_tie

    weights = {**DEFAULT_WEIGHTS, **WEIGHT_SETS[moved]}
    with Store(demo_db) as store:
        rated = next(key for key, features in collect_ties(store).items() if features.direct)
        rate_tie(store, *rated, 2, "met once")  # a rated tie: its rating's strength, no logit
        graph, _ = _build(store, weights)
        ties = collect_ties(store)
        as_of = date.fromisoformat(graph.as_of)
        dates = member_dates(store)
    assert graph.logit is not None and graph.real is not None
    assert graph.edge_count == len(ties) > 1000
    kinds = set()
    for (a, b), features in ties.items():
        strength, logit = _scored(features, weights, tie_reference(a, b, dates, as_of))
        for x, y in ((a, b), (b, a)):
            edge = graph._edge(x, y)
            assert edge is not None
            assert graph.strength[edge] == np.float32(strength), (a, b, features)
            assert np.float64(logit).tobytes() == graph.logit[edge].tobytes(), (a, b, features)
            assert graph.direct[edge] == (features.direct or features.teammates)
            assert graph.real[edge] == features.direct
        kinds.add(
            (features.rating is not None, features.direct, features.teammates, features.pending_invitation)
        )
    assert (True, True, False, False) in kinds and (False, False, False, True) in kinds  # rated, pending seen
    assert {(False, True, True, False), (False, False, False, False)} <= kinds  # teammates, inferred


DAY_TEXTS = st.one_of(
    st.none(),
    st.sampled_from(["", "2026-02-30", "not a date", "2026-W48-3", "20261202", "2026-12-02T23:59:59"]),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat),
)
TIE = st.builds(
    TieFeatures,
    connected=st.booleans(),
    connected_on=DAY_TEXTS,
    sent=st.integers(0, 120),
    received=st.integers(0, 120),
    last_message=DAY_TEXTS,
    endorsements=st.integers(0, 9),
    recommendations=st.lists(st.just((1, 2, "2024")), max_size=2),
    invitation_note=st.booleans(),
    invited_by_low=st.booleans(),
    invited_by_high=st.booleans(),
    shared_employers=st.lists(st.just("Thales"), max_size=2),
    teammates=st.booleans(),
    shared_groups=st.lists(st.sampled_from(["A", "B", "C", "D", "E"]), max_size=5, unique=True),
    mutual=st.integers(0, 60),
)
WEIGHT = st.floats(-4, 4, allow_nan=False) | st.just(-0.0)


@settings(max_examples=300, deadline=None)
@given(
    ties=st.lists(
        st.tuples(TIE, st.dates(min_value=date(2000, 1, 1), max_value=date(2031, 1, 1))), min_size=1
    ),
    weights=st.fixed_dictionaries(
        {name: WEIGHT for name in DEFAULT_WEIGHTS if name != "recency_days"}
        | {"recency_days": st.floats(1, 2000)}
    ),
)
def test_the_formula_on_columns_is_the_formula_tie_by_tie_bit_for_bit(ties, weights):
    import numpy as np

    from graphintro.strength import (
        day_number,
        mutual_term,
        strength_of,
        strengths_of,
        tie_logit,
        tie_logits,
    )

    def column(values, dtype):
        return np.array(values, dtype=dtype)

    features = [f for f, _ in ties]
    columns = {
        "direct": column([f.direct for f in features], bool),
        "teammates": column([f.teammates for f in features], bool),
        "pending_invitation": column([f.pending_invitation for f in features], bool),
        "connected_day": column([day_number(f.connected_on) for f in features], np.int64),
        "last_message_day": column([day_number(f.last_message) for f in features], np.int64),
        "sent": column([f.sent for f in features], np.int64),
        "received": column([f.received for f in features], np.int64),
        "endorsements": column([f.endorsements for f in features], np.int64),
        "recommended": column([bool(f.recommendations) for f in features], bool),
        "invitation_note": column([f.invitation_note for f in features], bool),
        "shared_employer": column([bool(f.shared_employers) for f in features], bool),
        "shared_groups": column([len(f.shared_groups) for f in features], np.int64),
    }
    reference = column([day.toordinal() for _, day in ties], np.int64)
    logits = tie_logits(columns, weights, reference)
    strengths = strengths_of(logits, column([f.mutual for f in features], np.int64), weights)
    for i, (f, day) in enumerate(ties):
        logit = tie_logit(f, weights, day)
        assert logits[i].tobytes() == np.float64(logit).tobytes(), (f, day)
        assert strengths[i] == strength_of(logit + mutual_term(f.mutual, weights))


@settings(max_examples=200, deadline=None)
@given(
    ties=st.lists(st.tuples(TIE, st.none() | st.integers(1, 5)), min_size=1, max_size=40),
    dates=st.dictionaries(
        st.integers(1, 60), st.dates(min_value=date(2000, 1, 1), max_value=date(2031, 1, 1)), max_size=12
    ),
    as_of=st.dates(min_value=date(2000, 1, 1), max_value=date(2031, 1, 1)),
    weights=st.fixed_dictionaries(
        {name: WEIGHT for name in DEFAULT_WEIGHTS if name != "recency_days"}
        | {"recency_days": st.floats(1, 2000)}
    ),
)
def test_a_catch_up_scores_the_ties_it_reads_again_as_each_tie_is_scored(ties, dates, as_of, weights):
    """The ties a catch-up reads again are scored a column at a time (``catchup._scored_edges``), the
    ties whose mutual count alone changed from their kept logit (``_rescored``): bit for bit what
    ``build._scored`` gives each tie against its reference day (the newest export of a member at
    either end, else the store's date), a rated tie its rating's strength and a NaN logit."""
    import numpy as np

    from graphintro.graph import catchup
    from graphintro.graph.arrays import _pack
    from graphintro.graph.build import _scored
    from graphintro.member_exports import tie_reference

    found = {}
    for i, (features, rating) in enumerate(ties):
        features.rating = rating
        found[(i % 7 + 1, 10 + 3 * i)] = features  # (ends with and without an export date)
    edges = catchup._scored_edges(found, weights, dates, as_of)
    assert [(a, b) for a, b, *_ in edges] == list(found)
    for (a, b, strength, logit, direct, real), features in zip(edges, found.values(), strict=True):
        want, want_logit = _scored(features, weights, tie_reference(a, b, dates, as_of))
        assert strength == want, (features, a, b)
        assert np.float64(logit).tobytes() == np.float64(want_logit).tobytes(), (features, a, b)
        assert (direct, real) == (features.direct or features.teammates, features.direct)

    ends = np.array(list(found), dtype=np.int64)
    logits = np.array([logit for *_, logit, _, _ in edges], dtype=np.float64)
    strengths = np.array([strength for _, _, strength, *_ in edges], dtype=np.float32)
    real = np.array([r for *_, r in edges], dtype=bool)
    graph = _pack(ends[:, 0], ends[:, 1], strengths, ~real, real, 1, "", logits)
    mutuals = [(7 * i) % 30 for i in range(len(found))]
    again = catchup._rescored(catchup._KnownTies(graph), list(found), mutuals, weights)
    for (a, b, strength, logit, direct, is_real), mutual, features in zip(
        again, mutuals, found.values(), strict=True
    ):
        features.mutual = mutual
        if features.rating is None:
            want = _scored(features, weights, tie_reference(a, b, dates, as_of))[0]
        else:  # (a rated tie keeps the strength the graph holds)
            want = float(np.float32(_scored(features, weights, as_of)[0]))
        assert strength == want, (features, a, b)
        assert np.float64(logit).tobytes() == graph.logit[graph._edge(a, b)].tobytes()
        assert (direct, is_real) == (not features.direct, features.direct)


@pytest.mark.parametrize("hub_degree", [64, 3], ids=["hubs as shipped", "every member a hub"])
def test_mutual_counts_are_the_real_contacts_both_ends_share(demo_db, monkeypatch, hub_degree):
    """Every tie's mutual count (``columns._mutual``) is the number of people with a real tie to both
    ends, the other teammates left out between two teammates: counted here with plain sets, on the
    demo team as shipped and with every member a hub (the sparse product's branch), for the whole
    store and for the few people of a path's evidence (``only``)."""
    from graphintro.graph import collect_tie_columns
    from graphintro.graph import columns as columns_module

    monkeypatch.setattr(columns_module, "HUB_DEGREE", hub_degree)
    with Store(demo_db) as store:
        whole = collect_tie_columns(store)
        members = {
            row[0]
            for row in store.conn.execute("SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL")
        }
        few = set(sorted(members)[:3]) | set(whole.pairs()[1][:40].tolist())
        some = collect_tie_columns(store, only=few)
    hubs_seen = []
    for ties in (whole, some):
        a, b = (ends.tolist() for ends in ties.pairs())
        real: dict[int, set[int]] = {}
        for x, y, is_real in zip(a, b, ties.direct().tolist(), strict=True):
            if is_real:
                real.setdefault(x, set()).add(y)
                real.setdefault(y, set()).add(x)
        expected = []
        for x, y in zip(a, b, strict=True):
            shared = real.get(x, set()) & real.get(y, set())
            expected.append(len(shared - members) if x in members and y in members else len(shared))
        assert ties["mutual"].tolist() == expected
        assert sum(expected) > 0
        hubs_seen.append(sum(len(people) > hub_degree for people in real.values()))
    assert hubs_seen[0] > 3 or hub_degree == 64  # (with 3, the sparse product is taken)


def _as_an_earlier_release_wrote_it(cache: Path) -> dict:
    """The graph cache written again as the release before this one wrote it (``np.savez``: no costs
    kept, the arrays where the zip's headers leave them); its arrays."""
    import numpy as np

    with np.load(cache) as data:
        arrays = {name: data[name] for name in data.files if name != "cost"}
    with open(cache, "wb") as handle:
        np.savez(handle, **arrays)
    return arrays


def test_a_graph_cache_an_earlier_release_wrote_answers_the_same_and_is_written_again(cli, demo_db, team):
    """The cache is read in place (mapped, not copied) with each tie's cost kept in it: a cache of the
    release before has no costs. It answers all the same, and is written again once with them (the
    same graph and state), not rebuilt (a minute at 1,000 × 1,000)."""
    import numpy as np

    question = ("path", team["user"], team["target"], "-k", "3", "--json")
    first = cli(*question, db_path=demo_db)
    assert first.exit_code == 0, first.output
    cache = demo_db.with_name(demo_db.name + ".graph.npz")
    before = _as_an_earlier_release_wrote_it(cache)
    assert "logit" in before and "cost" not in before

    served = cli(*question, db_path=demo_db)
    assert served.exit_code == 0 and served.output == first.output
    with np.load(cache) as data:
        assert set(data.files) == set(before) | {"cost"}
        for name, array in before.items():
            assert data[name].dtype == array.dtype and np.array_equal(data[name], array), name
        assert data["cost"].tobytes() == (-np.log(data["strength"].astype("float64"))).tobytes()
    written = cache.stat().st_mtime_ns
    again = cli(*question, db_path=demo_db)
    assert again.output == first.output
    assert cache.stat().st_mtime_ns == written  # read in place from then on


@pytest.mark.parametrize("damage", ["cut short", "an array's header lost", "not a zip", "empty"])
def test_a_damaged_graph_cache_is_rebuilt(cli, demo_db, team, damage):
    """A cache file that cannot be read whole (a disk full while another tool copied it, a partial
    restore) answers nothing of its own: the graph is built again, the same answers."""
    question = ("path", team["user"], team["target"], "-k", "3", "--json")
    first = cli(*question, db_path=demo_db)
    assert first.exit_code == 0, first.output
    cache = demo_db.with_name(demo_db.name + ".graph.npz")
    data = cache.read_bytes()
    if damage == "cut short":
        data = data[: len(data) // 2]
    elif damage == "an array's header lost":  # the zip intact, one member's .npy header zeroed
        import zipfile

        with zipfile.ZipFile(cache) as archive:
            info = archive.getinfo("strength.npy")
        local = info.header_offset
        start = local + 30 + int.from_bytes(data[local + 26 : local + 28], "little")
        start += int.from_bytes(data[local + 28 : local + 30], "little")
        data = data[:start] + bytes(16) + data[start + 16 :]
    elif damage == "not a zip":
        data = b"\0" * len(data)
    else:
        data = b""
    cache.write_bytes(data)
    served = cli(*question, db_path=demo_db)
    assert served.exit_code == 0, served.output
    assert served.output == first.output


def test_the_dates_an_answer_reads_for_a_few_people_are_the_whole_teams(tmp_path):
    """Each tie an answer describes is measured against the newest export of a member at either end:
    read for the few people of the answer, each member's date is the one the whole team's read gives
    (a member whose older export came in under her older account, merged back, people who are
    not members, a member without a dated export)."""
    import random
    from dataclasses import replace

    from graphintro.demo import generate_team
    from graphintro.ingest import import_paths, import_team
    from graphintro.member_exports import member_dates
    from graphintro.people import merge_people, resolve_person

    team = generate_team(tmp_path / "team", members=4, contacts=40, seed=11, history=True)
    first, *others = team.exports()
    older, newer = sorted(first.paths)  # Complete_LinkedInDataExport_10-02-2026.zip, then 11-02
    card = tmp_path / "card.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Léa Morel\r\nN:Morel;Léa;;;\r\nEND:VCARD\r\n", encoding="utf-8"
    )
    with Store(tmp_path / "store.db") as store:
        import_team(store, [replace(first, paths=[newer]), *others])
        old_url = "https://www.linkedin.com/in/camille-r-2019"  # her older account
        import_paths(store, [older], owner="Camille R.", owner_url=old_url, owner_mismatch_ok=True)
        camille = resolve_person(store, first.owner_url)
        merge_people(store, camille, resolve_person(store, old_url))
        owner_records = store.conn.execute(
            "SELECT COUNT(DISTINCT i.owner_record_id) FROM imports i JOIN records o ON o.id = i.owner_record_id"
            " WHERE o.person_id = ?",
            (camille,),
        ).fetchone()[0]
        import_paths(store, [card], owner="Hugo Vidal")  # a member whose only file tells no date
        whole = member_dates(store)
        everyone = [row[0] for row in store.conn.execute("SELECT id FROM people")]
        members = [
            row[0]
            for row in store.conn.execute("SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL")
        ]
        rng = random.Random(3)
        for _ in range(30):
            few = rng.sample(everyone, 6) + rng.sample(members, rng.randint(0, 2))
            assert member_dates(store, only=few) == {p: d for p, d in whole.items() if p in few}
    assert owner_records == 2, "her two exports came in as two records of hers"
    assert whole[camille] == date(2026, 11, 2), (
        "her newer export, although the older one is another record of hers"
    )
    assert len(whole) == len(members) - 1, "the member with a vCard alone has no date"


def test_a_forget_that_clears_the_caches_while_a_question_writes_one_leaves_the_answer_whole(
    cli, demo_db, team, monkeypatch
):
    """``forget`` deletes every file beside the store, a question's half-written graph cache too (it
    may hold the forgotten person): that question still answers, as it would have, and no cache
    file comes back behind the forget."""
    from graphintro.graph import cache as graph_cache

    question = ("path", team["user"], team["target"], "-k", "3", "--json")
    expected = cli(*question, db_path=demo_db)
    assert expected.exit_code == 0, expected.output
    remove_caches(demo_db)
    save = graph_cache._save

    def forgotten_meanwhile(handle, **arrays):
        save(handle, **arrays)
        remove_caches(demo_db)  # the forget, in another process, between the write and the rename

    monkeypatch.setattr(graph_cache, "_save", forgotten_meanwhile)
    served = cli(*question, db_path=demo_db)
    assert served.exit_code == 0, served.output
    assert served.output == expected.output
    assert [p.name for p in demo_db.parent.glob(demo_db.name + ".graph.npz*")] == []


def _a_tie_rated(db: Path) -> None:
    """A write that the graph cache catches up on (a tie's rating): the next question splices."""
    from graphintro.graph import collect_ties
    from graphintro.strength import rate_tie

    with Store(db) as store:
        a, b = next(key for key, features in collect_ties(store).items() if features.direct)
        rate_tie(store, a, b, 5, "worked together")


def test_a_caught_up_cache_is_written_as_the_spliced_arrays_made_in_memory_would_be(cli, demo_db, team):
    """A catch-up's arrays are made a block at a time as the cache file is written, never whole in
    memory (``arrays.Spliced``), and the question reads them back from the file: the file has the
    bytes the same graph made in memory writes, and the graph read back its arrays."""
    import numpy as np

    from graphintro.changes import changes_since
    from graphintro.graph import cache as graph_cache
    from graphintro.graph.arrays import Spliced
    from graphintro.graph.catchup import _caught_up
    from graphintro.strength import load_weights

    assert cli("path", team["user"], team["target"], "--json", db_path=demo_db).exit_code == 0
    _a_tie_rated(demo_db)
    weights = load_weights()
    with Store(demo_db) as store:
        path = graph_cache._cache_path(store)
        key = store.cache_key(
            f"graph-v{graph_cache.CACHE_VERSION}", f"weights-{graph_cache._weights_hash(weights)}"
        )
        cache = graph_cache._CacheFile.open(path)
        assert cache is not None
        kept = cache.graph(key)
        assert kept is not None and kept.generation != store.generation
        state = cache.state(kept.generation)
        kept.logit = cache.logits(kept)
        found = _caught_up(store, kept, state, changes_since(store, kept.generation), weights)
        assert found is not None and isinstance(found[0], Spliced)
        spliced, now = found
        made = spliced.graph()
        graph_cache._write_file(demo_db.parent / "streamed.npz", key, spliced, now)
        graph_cache._write_file(demo_db.parent / "made.npz", key, made, now)
        assert (demo_db.parent / "streamed.npz").read_bytes() == (demo_db.parent / "made.npz").read_bytes()
        read_back = graph_cache.load_graph(store, weights)
        for name in ("node_ids", "indptr", "indices", "strength", "direct", "real", "cost"):
            assert np.array_equal(getattr(read_back, name), getattr(made, name)), name
        assert path.read_bytes() == (demo_db.parent / "made.npz").read_bytes()


def test_a_forget_while_a_catch_up_writes_the_cache_leaves_the_answer_whole(cli, demo_db, team, monkeypatch):
    """The same forget during a catch-up, whose arrays are made only as the file is written: the
    question makes them in memory instead and answers as a store without caches does."""
    from graphintro.graph import cache as graph_cache

    question = ("path", team["user"], team["target"], "-k", "3", "--json")
    assert cli(*question, db_path=demo_db).exit_code == 0  # (the cache as of now)
    _a_tie_rated(demo_db)
    fresh = copy_store(demo_db, demo_db.parent / "fresh.db")
    expected = cli(*question, db_path=fresh)
    assert expected.exit_code == 0, expected.output
    save, saved = graph_cache._save, []

    def forgotten_meanwhile(handle, **arrays):
        save(handle, **arrays)
        saved.append(any(isinstance(value, graph_cache._Merged) for value in arrays.values()))
        remove_caches(demo_db)  # the forget, in another process, between the write and the rename

    monkeypatch.setattr(graph_cache, "_save", forgotten_meanwhile)
    served = cli(*question, db_path=demo_db)
    assert saved == [True]  # (a catch-up's arrays, written as they were made)
    assert served.exit_code == 0, served.output
    assert served.output == expected.output
    assert [p.name for p in demo_db.parent.glob(demo_db.name + ".graph.npz*")] == []


def test_a_forget_that_clears_the_caches_while_experts_builds_its_index_leaves_the_answer_whole(
    cli, demo_db, team, monkeypatch
):
    """The same for the topic index: built into a temporary file that a ``forget`` deletes, it is
    built again from the store, and ``experts`` answers as it would have."""
    from graphintro.backends import topic_index

    question = ("experts", team["topic"], "-n", "5", "--json")
    expected = cli(*question, db_path=demo_db)
    assert expected.exit_code == 0, expected.output
    remove_caches(demo_db)
    indexed, forgotten = topic_index._indexed, []

    def forgotten_meanwhile(store, people):
        if not forgotten:
            forgotten.append(remove_caches(demo_db))  # the forget, in another process
        return indexed(store, people)

    monkeypatch.setattr(topic_index, "_indexed", forgotten_meanwhile)
    served = cli(*question, db_path=demo_db)
    assert forgotten and served.exit_code == 0, served.output
    assert served.output == expected.output
    assert Path(f"{demo_db}.search.sqlite").exists()
    assert not list(demo_db.parent.glob(demo_db.name + ".search.sqlite.*tmp"))


def test_the_endorsements_a_member_gave_are_the_endorsed_persons_evidence(runner, demo_db):
    """David endorsed Inès Moreau for Cybersécurité and ISO 27001 (his ``Endorsement_Given_Info.csv``:
    stored on her record in his export, "out"): ``experts`` finds her for ISO 27001 on that evidence,
    read from her records as the topic index reads them (every record of hers, in the order of
    their ids, not person by person)."""
    result = runner.invoke(app, ["--db", str(demo_db), "experts", "ISO 27001", "--json"])
    assert result.exit_code == 0, result.output
    ines = next(e for e in json.loads(result.output)["experts"] if e["name"] == "Inès Moreau")
    assert "endorsed 1× for ISO 27001" in ines["evidence"]
    assert "endorsed 1× for Cybersécurité" in ines["evidence"]
