"""The HTML report in a real headless Chromium: the score table and the SVG charts render, and the
page is not blank. Skipped when Chromium is missing, except on CI (CI=true) where it must run."""

import os
import shutil
import struct
import subprocess
import zlib

import numpy as np
import pytest

from graphintro.cli import app

pytestmark = pytest.mark.browser

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The report's score bands (graphintro.report.svg.band_colour): bars of these colours are drawn charts.
BANDS = [(0x05, 0x96, 0x69), (0xD9, 0x77, 0x06), (0xDC, 0x26, 0x26)]


@pytest.fixture(scope="module")
def chromium():
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        message = "chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + ", and CI=true requires the browser test to run")
        pytest.skip(message)
    return found


@pytest.fixture
def report_file(runner, demo_db, tmp_path):
    out = tmp_path / "report.html"
    for since in ([], ["--since", "2026-10-01"]):  # two reports: the trend has two points
        result = runner.invoke(app, ["--db", str(demo_db), "report", "--out", str(out), *since])
        assert result.exit_code == 0, result.output
    return out


def browse(chromium, tmp_path, *args):
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def png_pixels(path):
    """RGB(A) pixels of an 8-bit PNG (what Chromium writes), rows unfiltered per the PNG spec."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, []
    while position < len(data):
        (length,), kind = (
            struct.unpack(">I", data[position : position + 4]),
            data[position + 4 : position + 8],
        )
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    assert depth == 8 and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8).reshape(
        height, width * channels + 1
    )
    image = np.zeros((height, width * channels), dtype=np.int32)
    previous = np.zeros(width * channels, dtype=np.int32)
    for row in range(height):
        kind, line = raw[row, 0], raw[row, 1:].astype(np.int32)
        if kind == 0:
            current = line
        elif kind == 2:
            current = (line + previous) % 256
        elif kind == 1:
            current = np.cumsum(line.reshape(width, channels), axis=0).reshape(-1) % 256
        else:
            current = line.tolist()
            above = previous.tolist()
            for x in range(len(current)):
                left = current[x - channels] if x >= channels else 0
                up, corner = above[x], (above[x - channels] if x >= channels else 0)
                if kind == 3:
                    current[x] = (current[x] + (left + up) // 2) % 256
                else:
                    estimate = left + up - corner
                    pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                    predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                    current[x] = (current[x] + predictor) % 256
            current = np.array(current, dtype=np.int32)
        image[row] = previous = current
    return image.reshape(height, width, channels)[:, :, :3]


def test_report_renders_in_chromium_with_its_table_and_charts(chromium, report_file, tmp_path, team):
    url = report_file.resolve().as_uri()
    dom = browse(chromium, tmp_path, "--dump-dom", url).stdout
    assert '<table id="scores"' in dom
    table = dom[dom.index('<table id="scores"') : dom.index("</table>", dom.index('<table id="scores"'))]
    assert team["deep_member"] in table and team["shallow_member"] in table
    assert dom.count("<svg") >= 3
    assert "chart trend" in dom and "chart scores" in dom and "<polyline" in dom  # two points: a line
    for name in team["job_changes"].split("; "):
        assert name in dom

    screenshot = tmp_path / "report.png"
    browse(
        chromium, tmp_path, "--hide-scrollbars", "--window-size=1280,1800", f"--screenshot={screenshot}", url
    )
    pixels = png_pixels(screenshot)
    assert pixels.shape[:2] == (1800, 1280)
    assert (pixels != pixels[0, 0]).any(axis=2).mean() > 0.05  # not one colour
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 100  # text, bars, badges
    for band in BANDS[:2]:  # green and amber bars of the demo team's scores are on screen
        assert (np.abs(pixels - np.array(band)).sum(axis=2) < 30).sum() > 500
