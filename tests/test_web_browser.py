"""graphintro serve in a real headless Chromium (Debian's chromium, driven through Debian's
chromedriver by Selenium), against a real uvicorn on a real SQLite store of the demo team:
search → person → path drawn → ask drafted; experts; the report's table and charts; uploads of a
good and a bad export; the hostile corpus on every page runs no script. Skipped when Chromium or
its driver is missing, except on CI (CI=true) where they must run. Screenshots are written to
``build/test-artifacts/web/`` (``GRAPHINTRO_ARTIFACTS`` to change it)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from web_server import live_server

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(
    os.environ.get("GRAPHINTRO_ARTIFACTS", Path(__file__).parent.parent / "build" / "test-artifacts")
)


def _need(path: str, package: str) -> None:
    if not Path(path).exists():
        message = f"{path} is missing (Debian: apt-get install {package})"
        if os.environ.get("CI") == "true":
            pytest.fail(message + ", and CI=true requires the browser tests to run")
        pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    _need(CHROMIUM, "chromium")
    _need(CHROMEDRIVER, "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        "--lang=en-US",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server(demo_team_db, tmp_path_factory):
    copy = tmp_path_factory.mktemp("web-browser") / "demo.db"
    shutil.copy(demo_team_db, copy)
    with live_server(copy) as running:
        running.db = copy
        yield running


def wait_for(browser, css: str, timeout: float = 60):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def screenshot(browser, name: str) -> Path:
    ARTIFACTS.joinpath("web").mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "web" / f"{name}.png"
    browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000  # a rendered page, not a blank one
    return path


def no_script_ran(browser) -> None:
    assert browser.execute_script("return document.documentElement.getAttribute('data-pwned')") is None
    assert browser.execute_script("return document.querySelectorAll('[id^=pwned], pwned-tag').length") == 0


def test_search_person_path_and_ask(browser, server, team):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/?lang=en")
    box = browser.find_element(By.ID, "q")
    box.send_keys("zoe fontai")  # no accent typed: found all the same, as you type
    suggestion = wait_for(browser, "#suggestions li a[href^='/person/']")
    assert team["target"] in suggestion.text
    suggestion.click()
    assert wait_for(browser, "#person-name").text.startswith(team["target"])
    screenshot(browser, "person")
    browser.find_element(By.CSS_SELECTOR, "select[name=from]").send_keys(team["user"])
    browser.find_element(By.ID, "paths-to-person").click()
    wait_for(browser, "svg.path-graph")
    graphs = browser.find_elements(By.CSS_SELECTOR, "svg.path-graph")
    assert len(graphs) >= 2
    for graph in graphs:
        nodes = graph.find_elements(By.CSS_SELECTOR, "g.node")
        links = graph.find_elements(By.CSS_SELECTOR, "g.link line")
        assert len(nodes) >= 2 and len(links) == len(nodes) - 1
        assert graph.find_element(By.CSS_SELECTOR, "g.node.target text.name").text == team["target"]
        assert all(line.size["width"] > 20 for line in links)  # drawn, not collapsed
    introducers = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".introducer")]
    assert team["introducer"] in introducers
    drawn = browser.find_elements(By.CSS_SELECTOR, "g.node.introducer text.name")
    assert any(team["introducer"] in e.text for e in drawn)  # the introducer is named in the picture
    assert browser.find_elements(By.CSS_SELECTOR, "g.link.weakest")
    screenshot(browser, "path")

    answer = next(
        section
        for section in browser.find_elements(By.CSS_SELECTOR, "section.answer")
        if section.find_element(By.CSS_SELECTOR, ".introducer").text == team["introducer"]
    )
    answer.find_element(By.CSS_SELECTOR, "button.ask-button").click()
    draft = wait_for(browser, "#to-introducer")
    text = draft.get_attribute("value")
    assert team["introducer"].split()[0] in text and team["target"] in text
    copy = browser.find_element(By.CSS_SELECTOR, "button.copy[data-copy=to-introducer]")
    assert [b.text for b in browser.find_elements(By.CSS_SELECTOR, "button.copy")] == ["Copy", "Copy"]
    copy.click()
    assert copy.text == "Copied"
    screenshot(browser, "ask")
    browser.get(server.url + "/asks")
    assert team["target"] in browser.find_element(By.ID, "asks").text


def test_experts_for_cybersecurite(browser, server, team):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/experts?lang=fr")
    field = browser.find_element(By.NAME, "topic")
    field.send_keys("cybersécurité")
    field.submit()
    table = wait_for(browser, "#experts")
    rows = table.find_elements(By.CSS_SELECTOR, "tr")
    assert team["expert"] in rows[0].text
    assert team["decoy"] not in table.text  # a company name is a connector, not an expert
    assert team["expert_group"] in browser.find_element(By.ID, "hubs").text
    assert "Dans votre équipe" in browser.page_source  # French, as asked
    screenshot(browser, "experts")


def test_report_shows_the_score_table_and_charts(browser, server, team):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/report?lang=en")
    table = wait_for(browser, "table#scores")
    assert team["deep_member"] in table.text and team["shallow_member"] in table.text
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) >= 3 and all(chart.size["height"] > 20 for chart in charts)
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")  # bars drawn
    screenshot(browser, "report")


def _upload(browser, server, owner: str, file: Path):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/import")
    browser.find_element(By.NAME, "owner").send_keys(owner)
    browser.find_element(By.ID, "files").send_keys(str(file))
    browser.find_element(By.CSS_SELECTOR, "#upload-form button[type=submit]").click()
    return wait_for(browser, "#job-done, #error-message", timeout=120)


def test_upload_of_a_good_and_of_a_bad_export(browser, server, tmp_path, runner):
    from selenium.webdriver.common.by import By
    from store_rows import dump

    from graphintro.cli import app

    good = tmp_path / "Connections.csv"
    good.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Yasmine,Chargée,https://www.linkedin.com/in/yasmine-chargee,,Aéroline Systèmes,Acheteuse,"
        "12 Mar 2024\n",
        encoding="utf-8",
    )
    shown = _upload(browser, server, "Kevin Lambert", good)
    assert shown.get_attribute("id") == "job-done"
    assert (
        "Connections.csv (linkedin) for Kevin Lambert: 1 contacts"
        in browser.find_element(By.ID, "summary").text
    )
    screenshot(browser, "import-done")

    bad = tmp_path / "export.zip"
    bad.write_bytes(b"PK\x03\x04 this is not a zip file at all" + bytes(300))
    expected = runner.invoke(
        app, ["--db", str(tmp_path / "cli.db"), "import", str(bad), "--owner", "Kevin Lambert"]
    )
    assert expected.exit_code == 2
    before = dump(server.db)
    shown = _upload(browser, server, "Kevin Lambert", bad)
    assert shown.get_attribute("id") == "error-message"
    assert shown.text == expected.output.strip().replace(str(bad), "export.zip")
    assert dump(server.db) == before
    screenshot(browser, "import-refused")


def test_the_hostile_corpus_runs_no_script_on_any_page(browser, tmp_path_factory):
    """Every page that shows data, over a store of the hostile corpus: nothing from the data runs or
    becomes an element, and the payloads are on the page as text."""
    import hostile_corpus as corpus
    from selenium.webdriver.common.by import By
    from typer.testing import CliRunner

    from graphintro.cli import app

    db = corpus.import_store(tmp_path_factory.mktemp("web-hostile"))
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(db), "ask", corpus.OWNER, "Hostile3"]).exit_code in (0, 1, 2)
    import sqlite3

    with sqlite3.connect(db) as conn:
        people = [
            row[0] for row in conn.execute("SELECT id FROM people WHERE merged_into IS NULL ORDER BY id")
        ]
        member = conn.execute("SELECT id FROM people WHERE is_member = 1 ORDER BY id").fetchone()[0]
    pages = [
        "/",
        "/search?q=hostile",
        "/search?q=%3Cscript%3E",
        "/asks?status=all",
        "/report",
        "/inbox?days=0",
        f"/experts?topic={corpus.TOPIC}",
        "/accounts?companies=Corp1%0ACorp2%0A%3Cimg+src%3Dx%3E",
        "/path?from=team&to=Hostile1",
        f"/path?from=%23{member}&to=Hostile5",
        "/path?from=team&company=Corp3",
        "/import",
    ]
    pages += [f"/person/{person}" for person in people[:60]]
    with live_server(db) as server:
        seen_payload = False
        for page in pages:
            browser.get(server.url + page)
            wait_for(browser, "body")
            time.sleep(0.05)
            no_script_ran(browser)
            seen_payload |= (
                "<script>document.documentElement" in browser.find_element(By.TAG_NAME, "body").text
            )
        # typing a payload into the search box: the suggestions are text too
        browser.get(server.url + "/")
        browser.find_element(By.ID, "q").send_keys("hostile")
        wait_for(browser, "#suggestions li a")
        no_script_ran(browser)
        screenshot(browser, "hostile-search")
    assert seen_payload, "the corpus must be on the pages, as text"
