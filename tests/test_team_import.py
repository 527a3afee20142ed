"""A whole team's exports in one call: the store one import per member would give, all or nothing."""

import hashlib
import sqlite3
from pathlib import Path

import pytest

from graphintro.demo import generate_team
from graphintro.errors import ImportFormatError
from graphintro.ingest import PARALLEL_PARSE_MIN, TeamExport, bulk_load, import_paths, import_team, writer
from graphintro.ingest.parse_ahead import _input_size, _much_bigger, _parsed_ahead
from graphintro.ingest.people_view import _APPEARANCES, _Appearances
from graphintro.ingest.writer import INDEX_PEOPLE_MAX, SHOWN_PEOPLE_MAX
from graphintro.store import Store, StoreError

MEMBERS = PARALLEL_PARSE_MIN + 2  # enough for the exports to be parsed in a second process


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """Members with older exports and job changes (``history``), and the group lists of the team."""
    return generate_team(tmp_path_factory.mktemp("team"), members=MEMBERS, contacts=150, seed=5, history=True)


def contents(db):
    """Everything a user can see, ids included: people, their records, ties' evidence, groups."""
    conn = sqlite3.connect(db)
    try:
        return {
            table: conn.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2").fetchall()
            for table, columns in {
                "people": "id, name, name_key, company, company_key, position, url, headline, is_member, search_text",
                "records": "id, person_id, owner_record_id, kind, name, company, url_key, email_key, ended_at, link_reason",
                "interactions": "record_id, kind, direction, at, key",
                "memberships": "group_id, record_id, role, posts",
                "record_changes": "record_id, field, old_value, new_value",
            }.items()
        }
    finally:
        conn.close()


def schema(db):
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall())
    finally:
        conn.close()


def test_a_team_import_gives_the_store_of_one_import_per_member(team, tmp_path):
    one_by_one, at_once = tmp_path / "one-by-one.db", tmp_path / "at-once.db"
    with Store(one_by_one) as store:
        for export in team.exports():
            import_paths(store, export.paths, owner=export.owner, owner_url=export.owner_url)
    with Store(at_once) as store:
        summaries = import_team(store, team.exports())

    assert contents(at_once) == contents(one_by_one)
    sizes = [_input_size(export) for export in team.exports()]
    assert _much_bigger(sizes, _parsed_ahead.BIG) == [MEMBERS], "the group list was parsed first, on the side"
    assert contents(at_once)["record_changes"], "the older exports tell job changes"
    assert schema(at_once) == schema(one_by_one), "the lookup indexes set aside during a first load are back"
    assert [s.owner for s in summaries[:MEMBERS]] == [m.name for m in team.members]
    assert all(f.contacts for s in summaries[:MEMBERS] for f in s.files if f.format == "linkedin")


@pytest.mark.parametrize("bad", ["a member's export", "the group list, parsed first"])
def test_a_bad_export_anywhere_leaves_the_store_as_it_was(team, tmp_path, bad):
    db = tmp_path / "team.db"
    with Store(db) as store:
        import_paths(store, team.members[0].files, owner=team.members[0].name, owner_url=team.members[0].url)
    before, before_schema = contents(db), schema(db)
    team_exports = team.exports()
    if bad == "a member's export":
        (tmp_path / "bad.csv").write_bytes(b"")
        team_exports[MEMBERS - 2] = TeamExport(team.members[MEMBERS - 2].name, [tmp_path / "bad.csv"])
        expected = "bad.csv"
    else:  # a quote left open on the last line
        (tmp_path / "bad.csv").write_bytes(team.groups_file.read_bytes() + b'"Club, open\n')
        team_exports[MEMBERS] = TeamExport(team.members[0].name, [tmp_path / "bad.csv"], team.members[0].url)
        expected = f"bad.csv:{len(team.groups_file.read_bytes().splitlines()) + 1}: malformed CSV row"

    with Store(db) as store, pytest.raises(ImportFormatError) as error:
        import_team(store, team_exports)

    assert expected in str(error.value)
    assert contents(db) == before
    assert schema(db) == before_schema


def test_a_bad_first_load_leaves_an_empty_store_with_its_indexes(team, tmp_path):
    fresh, db = tmp_path / "fresh.db", tmp_path / "team.db"
    Store(fresh).close()
    team_exports = team.exports()
    (tmp_path / "empty.csv").write_bytes(b"")
    team_exports[-1] = TeamExport(team.members[0].name, [tmp_path / "empty.csv"])

    with Store(db) as store, pytest.raises(ImportFormatError):
        import_team(store, team_exports)

    assert all(not rows for rows in contents(db).values())
    assert schema(db) == schema(fresh)


@pytest.mark.parametrize(
    "shown_people_max", [SHOWN_PEOPLE_MAX, 0], ids=["summaries kept", "summaries dropped"]
)
@pytest.mark.parametrize("index_people_max", [INDEX_PEOPLE_MAX, 0], ids=["index kept", "index dropped"])
def test_a_team_written_in_slices_gives_the_store_of_one_transaction(
    team, tmp_path, monkeypatch, index_people_max, shown_people_max
):
    """A slice after every export: the writer forgets what it holds of its people (their summaries
    past ``SHOWN_PEOPLE_MAX`` people, the identity index past ``INDEX_PEOPLE_MAX``) and finds them
    again in the store (what keeps a ten-million-tie team's import in bounded memory)."""
    monkeypatch.setattr(writer, "INDEX_PEOPLE_MAX", index_people_max)
    monkeypatch.setattr(writer, "SHOWN_PEOPLE_MAX", shown_people_max)
    whole, sliced = tmp_path / "whole.db", tmp_path / "sliced.db"
    with Store(whole) as store:
        import_team(store, team.exports())
    with Store(sliced) as store:
        summaries = import_team(store, team.exports(), slice_rows=1)

    assert contents(sliced) == contents(whole)
    assert schema(sliced) == schema(whole), "the lookup indexes set aside during a first load are back"
    assert sum(f.merged for s in summaries for f in s.files) > 0, "later slices found earlier people"


def shown_by_their_records(db):
    """Each person's ``people`` columns as all their records, read afresh in id order, make them."""
    conn = sqlite3.connect(db)
    try:
        summaries: dict[int, _Appearances] = {}
        for row in conn.execute(_APPEARANCES + " ORDER BY r.id"):
            summaries.setdefault(row[0], _Appearances()).add(row)
        shown = {
            row[0]: tuple(row[1:])
            for row in conn.execute(
                "SELECT id, name, name_key, company, company_key, position, url, headline, industry, is_member,"
                " search_text FROM people"
            )
        }
    finally:
        conn.close()
    return shown, {pid: summary.values() for pid, summary in summaries.items()}


@pytest.mark.parametrize(
    "shown_people_max", [SHOWN_PEOPLE_MAX, 0], ids=["summaries kept", "summaries dropped"]
)
def test_what_a_team_import_shows_of_each_person_is_what_all_their_records_say(
    team, tmp_path, monkeypatch, shown_people_max
):
    """A person met again in a later slice (a job change in a newer export, a contact no longer
    listed) shows what all their records say, whether the writer kept their summary across the
    slices or read it back: no name, company or search text left as an earlier slice wrote it."""
    monkeypatch.setattr(writer, "SHOWN_PEOPLE_MAX", shown_people_max)
    db = tmp_path / "team.db"
    with Store(db) as store:
        summaries = import_team(store, team.exports(), slice_rows=1)

    shown, expected = shown_by_their_records(db)
    assert shown == expected
    assert sum(f.job_changes for s in summaries for f in s.files) > 0, "people's jobs changed on the way"
    assert sum(f.ended for s in summaries for f in s.files) > 0, "newer exports ended contacts"


def _file_digest(db):
    """The store's bytes (a closed store has no write-ahead log left)."""
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    return hashlib.sha256(Path(db).read_bytes()).hexdigest()


def _store_before(team, db: Path, first_load: bool) -> str:
    """An empty store (``first_load``), or one holding the team's first member: its bytes' digest."""
    with Store(db) as store:
        if not first_load:
            member = team.members[0]
            import_paths(store, member.files, owner=member.name, owner_url=member.url)
    return _file_digest(db)


@pytest.mark.parametrize("first_load", [False, True], ids=["store with a member", "empty store"])
def test_a_bad_file_in_a_later_slice_leaves_the_store_byte_identical(team, tmp_path, monkeypatch, first_load):
    monkeypatch.setattr(writer, "INDEX_PEOPLE_MAX", 0)  # the lookup indexes of a first load built mid-way
    db = tmp_path / "team.db"
    before = _store_before(team, db, first_load)
    team_exports = team.exports()
    (tmp_path / "bad.csv").write_bytes(b"")
    team_exports[MEMBERS - 2] = TeamExport(team.members[MEMBERS - 2].name, [tmp_path / "bad.csv"])

    with Store(db) as store, pytest.raises(ImportFormatError) as error:
        import_team(store, team_exports, slice_rows=1)  # several slices written before the bad file

    assert "bad.csv" in str(error.value)
    assert _file_digest(db) == before


def _connections(folder: Path, made: str, rows: list[tuple[str, str, str, str]]) -> Path:
    """A LinkedIn Connections.csv made on ``made`` (MM-DD-YYYY, in its name as in an archive's):
    first name, last name, profile URL, company."""
    folder.mkdir()
    path = folder / f"Connections_{made}.csv"
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"{first},{last},{url},,{company},Directeur technique,04 Jul 2023"
        for first, last, url, company in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


XAVIER = "https://www.linkedin.com/in/xavier-durand-4242"


def _xavier_shows(store, column: str):
    """What the people row of Xavier (his profile URL) shows in ``column``."""
    return store.conn.execute(
        f"SELECT p.{column} FROM people p JOIN records r ON r.person_id = p.id WHERE r.url = ?", (XAVIER,)
    ).fetchone()[0]


def _xavier_s_exports(tmp_path: Path, alice_then_made: str) -> tuple[Path, Path, Path]:
    """Carole's export (12-01-2025) listing Xavier at "Ancienne Boîte", Alice's of 03-01-2026 listing
    only Yves, and Alice's of ``alice_then_made`` listing Xavier at "Nouvelle Boîte"."""
    carole = _connections(tmp_path / "c", "12-01-2025", [("Xavier", "Durand", XAVIER, "Ancienne Boîte")])
    yves = "https://www.linkedin.com/in/yves-martin-77"
    alice_now = _connections(tmp_path / "a2", "03-01-2026", [("Yves", "Martin", yves, "Autre SA")])
    alice_then = _connections(
        tmp_path / "a1", alice_then_made, [("Xavier", "Durand", XAVIER, "Nouvelle Boîte")]
    )
    return carole, alice_now, alice_then


def _import(db: Path, exports: list[TeamExport], how: str) -> Store:
    """A store (to be closed) with ``exports`` imported in one team import, or one at a time in one
    process (where the writer keeps each person's summary from one import to the next)."""
    store = Store(db)
    if how == "one team import":
        import_team(store, exports)
    else:
        for export in exports:
            import_paths(store, export.paths, export.owner)
    return store


@pytest.mark.parametrize("how", ["one import at a time", "one team import"])
def test_a_contact_ended_by_a_newer_export_no_longer_decides_the_job_shown(tmp_path, how):
    """Xavier's job comes from his active ties first: once Alice's newer export no longer lists him,
    her record (the latest, "Nouvelle Boîte") is ended, and when Carole's older export lists him
    next, he shows Carole's "Ancienne Boîte" — in one process too, where the writer keeps each
    person's summary from one export to the next (the web app, a script, a team import)."""
    carole, alice_now, alice_then = _xavier_s_exports(tmp_path, "01-10-2026")
    exports = [
        TeamExport("Alice Bernard", [alice_then]),
        TeamExport("Alice Bernard", [alice_now]),
        TeamExport("Carole Petit", [carole]),
    ]
    db = tmp_path / "store.db"
    with _import(db, exports, how) as store:
        company = _xavier_shows(store, "company")
    assert company == "Ancienne Boîte"
    shown, expected = shown_by_their_records(db)
    assert shown == expected


@pytest.mark.parametrize(
    "kept_people_max", [writer.KEPT_PEOPLE_MAX, 10], ids=["index kept", "index given back"]
)
def test_a_large_team_import_gives_its_memory_back_and_the_next_import_finds_the_same_people(
    team, tmp_path, monkeypatch, kept_people_max
):
    """Past ``KEPT_PEOPLE_MAX`` people, a team import keeps nothing in memory for the next import of
    the process (at ten million ties it held 4.5 GB beside the graph built next); that next import
    then finds its people in the store, the same ones."""
    monkeypatch.setattr(writer, "KEPT_PEOPLE_MAX", kept_people_max)
    *first, last = team.exports()
    reference, db = tmp_path / "reference.db", tmp_path / "store.db"
    with Store(reference) as store:
        for export in team.exports():
            import_paths(store, export.paths, owner=export.owner, owner_url=export.owner_url)
    with Store(db) as store:
        import_team(store, first)
        kept = store._identity_cache
        import_paths(store, last.paths, owner=last.owner, owner_url=last.owner_url)

    assert (kept is None) == (kept_people_max == 10)
    assert contents(db) == contents(reference)


@pytest.mark.parametrize("first_load", [False, True], ids=["store with a member", "empty store"])
def test_a_team_import_that_would_leave_a_broken_reference_leaves_the_store_byte_identical(
    team, tmp_path, monkeypatch, first_load
):
    """Foreign keys are off while a team is written and its rows' references checked at the end: a
    writer's mistake (here, memberships of a group never written) is refused there, nothing written."""
    db = tmp_path / "team.db"
    before = _store_before(team, db, first_load)
    monkeypatch.setattr(writer._Writer, "_group_id", lambda self, membership: 987_654)

    with Store(db) as store, pytest.raises(StoreError) as error:
        import_team(store, team.exports())

    assert "a memberships row pointing at a missing groups row: nothing was written" in str(error.value)
    assert _file_digest(db) == before


@pytest.mark.parametrize(
    "wrong",
    [
        lambda group_id: 0,
        lambda group_id: -3,
        lambda group_id: group_id - 0.5 if group_id == 2 else group_id,
        "#{}".format,
    ],
    ids=["zero", "negative", "not whole, between whole ones", "text"],
)
def test_a_first_load_whose_references_are_in_range_but_wrong_is_refused(team, tmp_path, monkeypatch, wrong):
    """A first load's references are checked by their range (its parents are numbered 1..n): a value
    below 1, or one that is no integer at all, points at nothing either, and is refused as before."""
    db = tmp_path / "team.db"
    Store(db).close()
    before = _file_digest(db)
    group_id = writer._Writer._group_id
    monkeypatch.setattr(
        writer._Writer, "_group_id", lambda self, membership: wrong(group_id(self, membership))
    )

    with Store(db) as store, pytest.raises(StoreError) as error:
        import_team(store, team.exports())

    assert "a memberships row pointing at a missing groups row: nothing was written" in str(error.value)
    assert _file_digest(db) == before


def test_a_reference_into_a_gap_of_its_parent_is_found(tmp_path):
    """The range check holds only for parents numbered 1..n: a parent with a gap (a row deleted)
    is checked row by row, and a reference into the gap is found."""
    conn = sqlite3.connect(tmp_path / "gap.db")
    conn.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))")
    written = bulk_load._WrittenRows(conn)
    conn.executemany("INSERT INTO parent (id) VALUES (?)", [(1,), (3,)])
    conn.executemany("INSERT INTO child (parent_id) VALUES (?)", [(1,), (3,), (2,), (None,)])

    assert written.broken_reference() == ("child", 3, "parent")
    conn.execute("DELETE FROM child WHERE parent_id = 2")
    assert bulk_load._WrittenRows(conn).broken_reference() is None  # rows there before are not checked
    written = bulk_load._WrittenRows(conn)
    conn.execute("INSERT INTO child (parent_id) VALUES (2)")
    assert written.broken_reference() == ("child", 5, "parent")
    conn.close()


def test_a_reference_broken_before_a_team_import_is_not_the_import_s_fault(team, tmp_path):
    """The check reads only the rows the import wrote (a nightly import of a large store does not
    read all of it): a row of an older store pointing at nothing does not refuse the team."""
    db = tmp_path / "team.db"
    with Store(db) as store:
        member = team.members[0]
        import_paths(store, member.files, owner=member.name, owner_url=member.url)
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO skills (record_id, import_id, name) VALUES (987654, 1, 'an orphan')")
    conn.commit()
    conn.close()

    with Store(db) as store:
        import_team(store, team.exports()[1:])
        orphans = store.conn.execute("PRAGMA foreign_key_check").fetchall()

    assert [(table, parent) for table, _, parent, _ in orphans] == [("skills", "records")]
    assert contents(db)["memberships"], "the team was written"


def test_a_team_import_joins_a_contact_at_each_spelling_of_an_agreeing_company_and_no_other(tmp_path):
    """Two members list the same people without a profile URL, at two spellings of one company: words
    more ("Orange Business Services", then "Orange"), the words run together ("Mistral Solutions" and
    "Mistralsolutions", "Axabank" and "Axa Bank", which share no word), and "Sopra" asked about before
    "Sopra Steria Group" came — one person each; "Pixel Conseil Lyon" and "Alpha Conseil Lyon" share
    two words but are two companies: two people. A first load matches them in memory, where the
    companies a key agrees with are found from its words and letters (``_CompanyBlocks``) instead of
    by comparing it with every company key seen."""
    fillers = [(f"Filler{n}", "Person", "", f"Entreprise {n} Conseil Lyon") for n in range(40)]
    # (first name, last name, the company in Alice's export, in Bruno's)
    spellings = [
        ("Jean", "Martin", "Orange Business Services", "Orange"),
        ("Luc", "Morel", "Mistral Solutions", "Mistralsolutions"),
        ("Marie", "Perrin", "Axabank", "Axa Bank"),
        ("Paul", "Roux", "Pixel Conseil Lyon", "Alpha Conseil Lyon"),
        ("Eric", "Faure", "Capgemini", "Sopra"),
    ]
    alice = _connections(
        tmp_path / "a", "01-10-2026", [*fillers, *((first, last, "", at) for first, last, at, _ in spellings)]
    )
    bruno = _connections(
        tmp_path / "b",
        "01-10-2026",
        [
            *((first, last, "", at) for first, last, _, at in spellings),
            ("Anne", "Colin", "", "Sopra Steria Group"),
        ],
    )
    carole = _connections(tmp_path / "c", "01-10-2026", [("Anne", "Colin", "", "Sopra")])
    db = tmp_path / "store.db"
    with Store(db) as store:
        import_team(
            store,
            [
                TeamExport("Alice Bernard", [alice]),
                TeamExport("Bruno Vidal", [bruno]),
                TeamExport("Carole Petit", [carole]),
            ],
        )
        people = dict(
            store.conn.execute(
                "SELECT name_key, COUNT(DISTINCT person_id) FROM records WHERE kind = 'contact' GROUP BY name_key"
            ).fetchall()
        )
    names = ("jean martin", "luc morel", "marie perrin", "anne colin", "paul roux")
    assert [people[name] for name in names] == [1, 1, 1, 1, 2]


def _messages(folder: Path, made: str, rows: list[tuple[str, str, str]]) -> Path:
    """A LinkedIn messages.csv of Marc Petit's made on ``made`` (in the folder's name): conversation
    id, recipient, recipient's profile URL of each message he sent."""
    folder.mkdir()
    path = folder / "messages.csv"
    lines = [
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER"
    ]
    lines += [
        f"{conversation},,Marc Petit,https://www.linkedin.com/in/marc-petit,{to},{url},{made} 09:00:00 UTC,,Bonjour,INBOX"
        for conversation, to, url in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["one import at a time", "one team import"])
def test_someone_an_owner_wrote_to_before_is_the_same_record_in_his_next_export(tmp_path, how):
    """Marc wrote to Léo (not a contact of his) in his first export and again in the next: Léo's
    record of Marc's is the one the first export made, whether Marc's first export made every record
    he has (his records are then those the import was told) or not (they are read from the store)."""
    leo = "https://www.linkedin.com/in/leo-brun"
    first = _messages(tmp_path / "m1", "2026-01-10", [("c1", "Léo Brun", leo), ("c2", "Ana Roux", "")])
    second = _messages(tmp_path / "m2", "2026-02-10", [("c1", "Léo Brun", leo), ("c3", "Ana Roux", "")])
    exports = [TeamExport("Marc Petit", [first]), TeamExport("Marc Petit", [second])]
    with _import(tmp_path / "store.db", exports, how) as store:
        query = "SELECT name, COUNT(*), COUNT(DISTINCT person_id) FROM records WHERE kind = 'contact' GROUP BY name"
        records = sorted(tuple(row) for row in store.conn.execute(query))
        messages = store.conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT record_id) FROM interactions WHERE kind = 'message'"
        ).fetchone()
    assert records == [("Ana Roux", 1, 1), ("Léo Brun", 1, 1)]
    assert tuple(messages) == (4, 2)  # each on the one record of its peer


@pytest.mark.parametrize("how", ["one import at a time", "one team import"])
def test_a_contact_only_an_older_export_imported_late_lists_is_shown_by_his_active_ties(tmp_path, how):
    """Alice's older export, imported after her newer one, lists Xavier, whom the newer one no longer
    lists: her record of him is ended on the newer export's date, so he shows Carole's "Ancienne
    Boîte" (his only active tie), though Alice's export is the more recent of the two — in one
    process too, where the writer sums him up from the records it wrote rather than reads them back."""
    carole, alice_now, alice_then = _xavier_s_exports(tmp_path, "02-01-2026")
    exports = [
        TeamExport("Carole Petit", [carole]),
        TeamExport("Alice Bernard", [alice_now]),
        TeamExport("Alice Bernard", [alice_then]),
    ]
    db = tmp_path / "store.db"
    with _import(db, exports, how) as store:
        company, ended = store.conn.execute(
            "SELECT p.company, (SELECT COUNT(*) FROM records WHERE url = ? AND ended_at IS NOT NULL)"
            " FROM people p JOIN records r ON r.person_id = p.id WHERE r.url = ?",
            (XAVIER, XAVIER),
        ).fetchone()
    assert (company, ended) == ("Ancienne Boîte", 1)
    shown, expected = shown_by_their_records(db)
    assert shown == expected


@pytest.mark.parametrize("how", ["one import at a time", "one team import"])
def test_an_owner_listed_in_her_own_connections_is_no_tie_to_herself(tmp_path, how):
    """Alice's Connections.csv lists her own profile, after her first export: that row is someone
    apart from Alice (never a tie of hers to herself), though the URL is hers."""
    alice_url = "https://www.linkedin.com/in/alice-bernard-1"
    yves = "https://www.linkedin.com/in/yves-martin-77"
    first = _connections(tmp_path / "a1", "03-01-2026", [("Yves", "Martin", yves, "Autre SA")])
    then = _connections(
        tmp_path / "a2",
        "04-01-2026",
        [("Yves", "Martin", yves, "Autre SA"), ("Alice", "Bernard", alice_url, "X")],
    )
    exports = [
        TeamExport("Alice Bernard", [first], alice_url),
        TeamExport("Alice Bernard", [then], alice_url),
    ]
    with _import(tmp_path / "store.db", exports, how) as store:
        own, listed = store.conn.execute(
            "SELECT (SELECT person_id FROM records WHERE kind = 'self'),"
            " (SELECT person_id FROM records WHERE kind = 'contact' AND url = ?)",
            (alice_url,),
        ).fetchone()
    assert listed is not None and listed != own


@pytest.mark.parametrize("how", ["one import at a time", "one team import"])
def test_a_name_better_written_in_a_later_export_is_the_name_shown(tmp_path, how):
    """Carole's export writes Xavier in capitals; Alice's, later, writes "Xavier Durand" at the
    same job: he shows the better-written name — in one process too, where the writer brings his
    summary up to date from the record Alice's export added (nothing else he shows changed)."""
    carole = _connections(tmp_path / "c", "12-01-2025", [("XAVIER", "DURAND", XAVIER, "Ancienne Boîte")])
    alice = _connections(tmp_path / "a", "03-01-2026", [("Xavier", "Durand", XAVIER, "Ancienne Boîte")])
    exports = [TeamExport("Carole Petit", [carole]), TeamExport("Alice Bernard", [alice])]
    db = tmp_path / "store.db"
    with _import(db, exports, how) as store:
        name = _xavier_shows(store, "name")
    assert name == "Xavier Durand"
    shown, expected = shown_by_their_records(db)
    assert shown == expected
