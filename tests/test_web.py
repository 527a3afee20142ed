"""graphintro serve over HTTP, against a real uvicorn on a real SQLite store (the demo team): the
security rules (loopback, token, Host, CSRF, traversal, size cap), the pages' content, uploads with
the same errors as ``import`` and the store unchanged, and reads while an import runs."""

from __future__ import annotations

import re
import sqlite3
import time

import httpx
import pytest
from store_rows import copy_store
from store_rows import dump as table_rows
from web_server import csrf_of, live_server, raw_get, wait_for_job

from graphintro.cli import app
from graphintro.web.app import safe_upload_name
from graphintro.web.security import is_loopback


@pytest.fixture(scope="module")
def demo_copy(demo_team_db, tmp_path_factory):
    import shutil

    copy = tmp_path_factory.mktemp("web") / "demo.db"
    shutil.copy(demo_team_db, copy)
    return copy


@pytest.fixture(scope="module")
def server(demo_copy):
    with live_server(demo_copy) as running:
        yield running


@pytest.fixture
def client(server):
    # Generous: on a machine shared with other test suites a page can wait for a core (no timed assertions).
    with httpx.Client(base_url=server.url, timeout=300, follow_redirects=False) as opened:
        yield opened


# --- binding and token ---------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_serve_refuses_a_non_loopback_host_without_a_token(runner, tmp_path, host):
    result = runner.invoke(app, ["--db", str(tmp_path / "x.db"), "serve", "--host", host])
    assert result.exit_code == 2
    assert "--token" in result.output and host in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_serve_refuses_an_unknown_backend_before_listening(runner, tmp_path):
    result = runner.invoke(app, ["--db", str(tmp_path / "x.db"), "serve", "--backend", "nope"])
    assert result.exit_code == 2 and "unknown backend 'nope'" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_serve_on_a_port_already_taken_says_so_in_one_line(runner, tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["--db", str(tmp_path / "x.db"), "serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"127.0.0.1:{port}" in result.output and "--port 0" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_loopback_addresses():
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.1", "localhost.evil.example", ""))


def test_a_token_server_answers_nothing_without_its_token(demo_copy):
    with (
        live_server(demo_copy, token="s3cret-token", loopback=False, warm=False) as server,
        httpx.Client(base_url=server.url, timeout=60) as client,
    ):
        for path in ("/", "/static/app.css", "/api/search?q=zoe", "/report", "/person/1"):
            assert client.get(path).status_code == 401, path
        assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/?token=wrong").status_code == 401
        assert client.post("/ask", data={"from": "x"}).status_code == 401
        assert client.get("/", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        once = client.get("/search?q=fontaine&token=s3cret-token")
        assert (
            once.status_code == 303 and once.headers["location"] == "/search?q=fontaine"
        )  # out of the address
        assert "HttpOnly" in once.headers["set-cookie"]
        for path in ("/", "/static/app.css", "/search?q=fontaine"):  # then the cookie carries it
            assert client.get(path).status_code == 200, path


def test_on_loopback_another_host_name_gets_nothing(server):
    """A page whose DNS name was rebound to 127.0.0.1 sends its own Host: refused."""
    for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example"):
        status, _ = _with_host(server, host)
        assert status == 421, host
    assert _with_host(server, f"localhost:{server.port}")[0] == 200


def _with_host(server, host):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest("GET", "/", skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


# --- headers, CSRF --------------------------------------------------------------------------------


def test_every_response_carries_the_security_headers(client):
    for path in ("/", "/search?q=a", "/static/app.js", "/api/search?q=zo", "/nowhere"):
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy, path
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy, path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"  # never to another site
    report = client.get("/report")
    assert "script" not in report.headers["content-security-policy"]  # the report runs no script at all


def _asks(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM asks").fetchone()[0]


def test_every_write_needs_the_csrf_token(client, demo_copy, team):
    token = csrf_of(client)
    ask = {"from": team["user"], "to": team["target"], "lang": "fr"}
    before = _asks(demo_copy)
    assert client.post("/ask", data=ask).status_code == 403  # no token
    assert client.post("/ask", data={**ask, "csrf": "forged"}).status_code == 403
    assert (
        client.post(
            "/ask", data={**ask, "csrf": token}, headers={"Origin": "http://evil.example"}
        ).status_code
        == 403
    )
    cookieless = httpx.Client(base_url=client.base_url, timeout=60)
    assert (
        cookieless.post("/ask", data={**ask, "csrf": token}).status_code == 403
    )  # the token alone is not enough
    upload = client.post("/import", data={"owner": "X"}, files={"files": ("c.csv", b"First Name\nA\n")})
    assert upload.status_code == 403
    assert _asks(demo_copy) == before  # nothing written
    done = client.post(
        "/ask", data={**ask, "csrf": token}, headers={"Origin": str(client.base_url).rstrip("/")}
    )
    assert done.status_code == 200, done.text[-500:]
    assert _asks(demo_copy) == before + 1
    assert team["target"] in done.text and '<textarea id="to-introducer"' in done.text


# --- static files and uploads: no way out of their folders --------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e/app.py",
        "/static/%2e%2e%2f%2e%2e%2fcli.py",
        "/static/..%5capp.py",
        "/static/....//app.py",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/../../../../etc/passwd",
        "/static/app.js%00.png",
    ],
)
def test_static_files_never_serve_a_file_outside_their_folder(server, path):
    status, body = raw_get(server, path)
    assert status in (400, 404), (path, status)
    assert b"import" not in body and b"root:" not in body


def test_uploaded_file_names_are_reduced_to_a_safe_last_part():
    assert safe_upload_name("../../etc/passwd", 0) == "passwd"
    assert safe_upload_name("..\\..\\Windows\\evil.csv", 0) == "evil.csv"
    assert safe_upload_name("/abs/Connections.csv", 0) == "Connections.csv"
    assert safe_upload_name("..", 3) == "upload-3"
    assert "/" not in safe_upload_name("a/b\x00c<script>.zip", 0)


# --- uploads: same limits and errors as import, the store unchanged -------------------------------


def test_an_upload_over_the_cap_is_refused_before_it_is_read(demo_copy, tmp_path):
    with (
        live_server(demo_copy, max_upload=1 << 20, warm=False) as server,
        httpx.Client(base_url=server.url, timeout=60) as client,
    ):
        token = csrf_of(client)
        before = table_rows(demo_copy)
        big = b"First Name,Last Name\n" + b"A,B\n" * 400_000
        declared = client.post(
            f"/import?csrf={token}", data={"owner": "Camille Rousseau"}, files={"files": ("big.csv", big)}
        )
        assert declared.status_code == 413 and "1 MB" in declared.text

        def chunks():  # no Content-Length: counted while it streams
            boundary = b'--x\r\nContent-Disposition: form-data; name="files"; filename="big.csv"\r\n\r\n'
            yield boundary
            for _ in range(40):
                yield b"A,B\n" * 16_384

        streamed = client.post(
            f"/import?csrf={token}",
            content=chunks(),
            headers={"Content-Type": "multipart/form-data; boundary=x"},
        )
        assert streamed.status_code == 413
        assert table_rows(demo_copy) == before
        assert not any(server.state.uploads.iterdir())


def test_a_bad_upload_gets_the_import_commands_line_and_leaves_the_store_as_it_was(
    client, server, demo_copy, runner, tmp_path
):
    bad = tmp_path / "contacts.csv"
    bad.write_bytes(b"First Name,Last Name\nA\x00\x01\x02,B\n" + bytes(range(256)) * 20)
    cli_run = runner.invoke(
        app, ["--db", str(tmp_path / "cli.db"), "import", str(bad), "--owner", "Camille Rousseau"]
    )
    assert cli_run.exit_code == 2
    cli_line = cli_run.output.strip().replace(str(bad), "contacts.csv")
    before = table_rows(demo_copy)
    token = csrf_of(client)
    response = client.post(
        f"/import?csrf={token}",
        data={"owner": "Camille Rousseau"},
        files={"files": ("../../contacts.csv", bad.read_bytes())},
    )
    assert response.status_code == 303
    state = wait_for_job(client, response.headers["location"])
    assert state["status"] == "failed"
    assert state["error"] == cli_line  # the same one line, naming the file as the user named it
    page = client.get(response.headers["location"]).text
    assert "the store is unchanged" in page or "le stock n&#39;a pas changé" in page
    assert table_rows(demo_copy) == before
    assert not any(server.state.uploads.iterdir())  # the upload is gone


def test_a_good_upload_imports_and_shows_the_summary(client, demo_copy, tmp_path):
    good = (
        "Prénom;Nom;Société;Poste;E-mail\nNadia;Testeuse;Altérys Conseil;Consultante;nadia@example.com\n"
        "Omar;Essai;Aéroline Systèmes;Acheteur;omar@example.com\n"
    )
    token = csrf_of(client)
    response = client.post(
        f"/import?csrf={token}",
        data={"owner": "Camille Rousseau"},
        files={"files": ("mes contacts.csv", good.encode("cp1252"))},
    )
    state = wait_for_job(client, response.headers["location"])
    assert state["status"] == "done", state
    assert state["lines"][0].startswith("mes contacts.csv (csv) for Camille Rousseau: 2 contacts")
    assert "Omar Essai" in client.get("/search?q=omar").text


# --- pages ----------------------------------------------------------------------------------------


def test_search_as_you_type_ignores_accents_and_finds_companies(client, team):
    found = client.get("/api/search", params={"q": "zoe font"}).json()
    assert team["target"] in [p["name"] for p in found["people"]]
    companies = client.get("/api/search", params={"q": "aeroline"}).json()["companies"]
    assert companies and companies[0]["company"] == team["target_company"]


def test_path_page_draws_each_answer_with_its_introducer(client, team):
    page = client.get("/path", params={"from": team["user"], "to": team["target"]}).text
    assert page.count('<svg class="path-graph"') >= 2
    names = re.findall(r'<span class="introducer">([^<]+)</span>', page)
    assert team["introducer"] in names
    longer = [int(h) for h in re.findall(r"· (\d+) hops", page) if int(h) > 1]
    assert longer and page.count('<g class="link weakest"') == len(longer)  # one per answer of several links
    assert page.count('class="ask-button"') >= 1
    team_page = client.get("/path", params={"from": "team", "to": team["target"]}).text
    assert team["introducer"] in re.findall(r'<span class="introducer">([^<]+)</span>', team_page)
    avoided = client.get(
        "/path", params={"from": team["user"], "to": team["target"], "avoid": team["introducer"]}
    ).text
    assert team["introducer"] not in re.findall(r'<span class="introducer">([^<]+)</span>', avoided)


def test_path_and_experts_pages_answer_from_the_store_as_an_upload_left_it(demo_team_db, tmp_path):
    """The pages ask through each worker thread's workspace, which keeps its connection between
    requests: after an upload (written by the import thread), the same threads must answer from
    the new graph, not from the one they answered with before."""
    import shutil

    copy = tmp_path / "demo.db"
    shutil.copy(demo_team_db, copy)
    question = {"from": "Camille Rousseau", "to": "Omar Essai-Unique"}
    with live_server(copy) as running, httpx.Client(base_url=running.url, timeout=300) as client:
        for _ in range(20):  # every worker thread has answered from the graph of before
            assert (
                client.get("/path", params={"from": "Camille Rousseau", "to": "Zoé Fontaine"}).status_code
                == 200
            )
            assert client.get("/experts", params={"topic": "achats"}).status_code == 200
        assert client.get("/path", params=question).status_code == 404  # nobody of that name yet
        token = csrf_of(client)
        response = client.post(
            f"/import?csrf={token}",
            data={"owner": "Camille Rousseau"},
            files={
                "files": (
                    "contacts.csv",
                    "Prénom;Nom;Société;Poste\nOmar;Essai-Unique;Thales;Acheteur\n".encode(),
                )
            },
        )
        assert wait_for_job(client, response.headers["location"])["status"] == "done"
        for _ in range(20):
            page = client.get("/path", params=question)
            assert page.status_code == 200, re.findall(r"(?s)<main.*?</main>", page.text)
            assert "you know Omar Essai-Unique directly" in page.text


def test_no_word_of_the_interface_is_shadowed_by_a_dict_method():
    from graphintro.web.i18n import WORDS

    assert not set(WORDS) & set(dir(dict))  # t.copy in a template would print "<built-in method copy…>"


def test_the_interface_speaks_the_browsers_language_and_switches(client):
    assert (
        "Qui peut me présenter"
        in client.get("/path", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).text
    )
    assert "Who can introduce me" in client.get("/path", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    switched = client.get("/path?lang=en", headers={"Accept-Language": "fr"})
    assert "Who can introduce me" in switched.text
    assert "Who can introduce me" in client.get("/path", headers={"Accept-Language": "fr"}).text  # remembered


def test_the_report_page_is_the_report(client, demo_copy):
    import json

    from typer.testing import CliRunner

    page = client.get("/report").text
    printed = CliRunner().invoke(app, ["--db", str(demo_copy), "report", "--format", "json"]).stdout
    data = json.loads(printed)
    assert '<table id="scores"' in page and page.count("<svg") >= 3
    for member in data["scores"]["members"]:
        assert member["name"] in page
    assert f"{data['scores']['team']['score']:.0f}" in page


def test_pages_answer_while_an_import_runs(client, server, tmp_path):
    """WAL: the import writes in one long transaction, the pages read beside it."""
    rows = "\n".join(f"Prénom{i};Nom{i};Société {i % 500};Poste {i}" for i in range(30_000))
    token = csrf_of(client)
    response = client.post(
        f"/import?csrf={token}",
        data={"owner": "David Nguyen"},
        files={"files": ("big.csv", ("Prénom;Nom;Société;Poste\n" + rows).encode())},
    )
    location = response.headers["location"]
    answered_during = 0
    deadline = time.monotonic() + 300
    while client.get(location + ".json").json()["status"] in ("queued", "running"):
        # Both pages answered and the import still runs: they were not queued behind its write (how
        # fast they answer is bench.py's serve_* figures, not a timed assertion on a shared machine).
        assert client.get("/search", params={"q": "fontaine"}).status_code == 200
        assert client.get("/person/1").status_code == 200
        if client.get(location + ".json").json()["status"] == "running":
            answered_during += 1
        assert time.monotonic() < deadline, "the import never ended"
    assert answered_during >= 1
    assert wait_for_job(client, location)["status"] == "done"


def test_a_server_killed_during_an_import_leaves_the_store_as_it_was(demo_copy, tmp_path):
    """SIGKILL in the middle of an upload's import: the import's one transaction never happened, and
    the database is sound (what a user gets by closing the laptop lid or pulling the plug)."""
    import os
    import signal
    import subprocess
    import sys

    # A consistent copy: the module's server may be writing or checkpointing ``demo_copy`` meanwhile
    # (a torn file copy is a suspect of one CI failure: GET /path not 200).
    db = copy_store(demo_copy, tmp_path / "killed.db")
    before = table_rows(db)
    process = subprocess.Popen(
        [sys.executable, "-m", "graphintro.cli", "--db", str(db), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # The port the server itself took (printed once bound): no other test's server can be behind it.
        url = re.search(r"on (http://127\.0\.0\.1:\d+)/ ", process.stdout.readline()).group(1)
        with httpx.Client(base_url=url, timeout=60) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    token = csrf_of(client)
                    break
                except httpx.TransportError:
                    assert process.poll() is None and time.monotonic() < deadline
                    time.sleep(0.1)
            rows = "\n".join(f"Prénom{i};Nom{i};Société {i % 700};Poste {i}" for i in range(60_000))
            response = client.post(
                f"/import?csrf={token}",
                data={"owner": "Paul Garcia"},
                files={"files": ("big.csv", ("Prénom;Nom;Société;Poste\n" + rows).encode())},
            )
            location = response.headers["location"]
            while (state := client.get(location + ".json").json())["status"] != "running" or not state[
                "done"
            ]:
                assert state["status"] in ("queued", "running"), state
                time.sleep(0.02)
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert table_rows(db) == before


def test_person_page_shows_who_knows_them_their_groups_and_job_changes(client, team):
    def page_of(name):
        found = client.get("/api/search", params={"q": name}).json()["people"]
        person = next(p for p in found if p["name"] == name)
        return client.get(f"/person/{person['id']}").text

    target = page_of(team["target"])
    known = target[target.index('id="known-by"') : target.index("</table>", target.index('id="known-by"'))]
    assert team["introducer"] in known and "recommended" in known
    assert known.index(team["introducer"]) < known.index(team["weak_introducer"])  # strongest first
    assert "Achats &amp; Supply Chain" in target[target.index('id="groups"') :]
    moved = page_of(team["job_changes"].split("; ")[0])
    changes = moved[moved.index('id="changes"') : moved.index("</ul>", moved.index('id="changes"'))]
    assert "→" in changes and "seen by" in changes


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """A store of the hostile corpus (tests/hostile_corpus.py), imported as the CLI imports it."""
    import hostile_corpus as corpus

    return corpus.import_store(tmp_path_factory.mktemp("web-hostile-http"))


def test_every_page_escapes_the_hostile_corpus(hostile_db):
    """Parsed as a browser would: no element, attribute, handler or link that the data wrote; the
    only script is the app's own file. (The same pages run in Chromium in test_web_browser.py.)"""
    import hostile_corpus as corpus
    from test_hostile import elements

    with sqlite3.connect(hostile_db) as conn:
        people = [
            row[0] for row in conn.execute("SELECT id FROM people WHERE merged_into IS NULL ORDER BY id")
        ]
        member = conn.execute("SELECT id FROM people WHERE is_member = 1 ORDER BY id").fetchone()[0]
    pages = [
        "/",
        "/search?q=hostile",
        "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "/asks?status=all",
        "/report",
        "/inbox?days=0",
        f"/experts?topic={corpus.TOPIC}",
        "/accounts?companies=Corp1%0ACorp2",
        "/path?from=team&to=Hostile1",
        f"/path?from=%23{member}&to=Hostile5",
        "/path?from=team&company=Corp3",
        "/import",
        "/path?to=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
    ]
    pages += [f"/person/{person}" for person in people]
    with (
        live_server(hostile_db, warm=False) as server,
        httpx.Client(base_url=server.url, timeout=120) as client,
    ):
        shown = 0
        for page in pages:
            response = client.get(page)
            assert response.status_code in (200, 400, 404), (page, response.status_code)
            html = response.text
            assert "<built-in" not in html
            shown += "&lt;script&gt;document.documentElement" in html or "&lt;img src=x id=pwned-img" in html
            for tag, attrs in elements(html):
                assert ("pwned" not in tag and tag not in {"iframe", "img", "base", "meta"}) or (
                    tag == "meta" and "refresh" not in str(attrs).lower()
                ), (page, tag, attrs)
                if tag == "script":
                    assert attrs == {"src": "/static/app.js", "defer": ""}, (page, attrs)
                for name, value in attrs.items():
                    assert not name.startswith("on") and "pwned" not in name, (page, tag, name)
                    if name in {"id", "class", "href", "src", "action", "style"}:
                        assert "pwned" not in value and not value.lower().startswith(
                            ("javascript:", "data:")
                        ), (page, tag, name, value)
                    if name == "href" and not value.startswith(("/", "?", "#")):
                        assert (
                            value.startswith(("http://", "https://"))
                            and attrs.get("rel") == "noopener noreferrer"
                        ), (page, tag, value)
        assert shown >= 5  # the payloads are on the pages, as text


def test_inbox_page_lists_what_graphintro_inbox_lists(client, demo_copy, team):
    import json

    from typer.testing import CliRunner

    from graphintro.inbox import inbox_summary

    printed = CliRunner().invoke(app, ["--db", str(demo_copy), "inbox", "--days", "30", "--json"])
    result = json.loads(printed.stdout)
    assert result["inbox"], "the demo team leaves something waiting"
    page = client.get("/inbox", params={"days": 30}).text
    table = page[page.index('id="inbox-team"') : page.index("</table>", page.index('id="inbox-team"'))]
    summary = inbox_summary(result)
    assert table.count('<tr class="member">') == len(summary)
    for entry in summary:  # per member, the counts of each kind, in the CLI's order
        counts = (
            f'<td class="num">{entry["message"]}</td><td class="num">{entry["invitation"]}</td>'
            f'<td class="num">{entry["ask"]}</td>'
        )
        assert counts in table[table.index(entry["member"]["name"]) :], entry["member"]["name"]
    first = summary[0]["member"]
    mine = client.get("/inbox", params={"days": 30, "owner": f"#{first['id']}"}).text
    expected = [item for item in result["inbox"] if item["member"]["id"] == first["id"]]
    assert mine.count("<tr class=") == min(len(expected), 200)
    for item in expected[:20]:
        assert f'/person/{item["contact"]["id"]}"' in mine


def test_an_ask_shows_on_the_inbox_page_at_once(client, demo_copy, team):
    """An ask moves the asks' own counter, not the store's generation: the memoised pages follow it."""
    import json

    from typer.testing import CliRunner

    introducer = next(
        p["id"]
        for p in client.get("/api/search", params={"q": team["introducer"]}).json()["people"]
        if p["name"] == team["introducer"]
    )

    def rows():  # the introducer's own inbox: the asks to introduce someone
        page = client.get("/inbox", params={"days": 30, "owner": f"#{introducer}"}).text
        return page[page.index('id="inbox"') : page.index("</table>", page.index('id="inbox"'))].count(
            '<tr class="ask">'
        )

    before = rows()
    asked = CliRunner().invoke(app, ["--db", str(demo_copy), "ask", team["user"], team["target"], "--json"])
    assert asked.exit_code == 0, asked.output
    ask = json.loads(asked.stdout)["ask"]
    assert ask["introducer"]["id"] == introducer
    try:
        assert rows() == before + 1
    finally:
        assert (
            CliRunner().invoke(app, ["--db", str(demo_copy), "asks", "cancel", str(ask["id"])]).exit_code == 0
        )
    assert rows() == before
